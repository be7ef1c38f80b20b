//! Which vector instructions the CPU has, for the few loops that are written for each.

/// x86_64 levels, best first. SSE2 is part of every x86_64 CPU.
#[cfg(target_arch = "x86_64")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum X86Level {
    Avx512,
    Avx2,
    Baseline,
}

/// The best level this CPU has (the standard library caches what it detects).
#[cfg(target_arch = "x86_64")]
pub fn x86_level() -> X86Level {
    // The bit instructions came with these vector sets; code built for a level may use them.
    let bits =
        is_x86_feature_detected!("popcnt") && is_x86_feature_detected!("bmi1") && is_x86_feature_detected!("bmi2");
    if bits && is_x86_feature_detected!("avx512bw") {
        X86Level::Avx512
    } else if bits && is_x86_feature_detected!("avx2") {
        X86Level::Avx2
    } else {
        X86Level::Baseline
    }
}
