//! The `dechrome` command. All logic lives in the library; this only parses and reports.

mod cli;

fn main() {
    std::process::exit(cli::main());
}
