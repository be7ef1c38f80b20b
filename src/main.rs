//! The `dechrome` command. All logic lives in the library; this only parses and reports.

mod cli;

// Cleaning makes and drops many small strings and vectors per capture, and compiling the rules
// many more; mimalloc serves them with less work than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(cli::main());
}
