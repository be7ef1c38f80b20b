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

/// Defines `fn name(args) -> ret` that runs the plain function `$plain` compiled for the widest
/// vectors the CPU has (AVX-512BW, AVX2, else the x86_64 baseline), picked at run time. `$plain`
/// is `#[inline(always)]`: inlined into each instance, it is made vector code for that set.
macro_rules! multiversioned {
    ($(#[$meta:meta])* $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) $(-> $ret:ty)? = $plain:ident;) => {
        $(#[$meta])*
        $vis fn $name($($arg: $ty),*) $(-> $ret)? {
            #[cfg(target_arch = "x86_64")]
            {
                #[target_feature(enable = "avx512bw")]
                unsafe fn avx512($($arg: $ty),*) $(-> $ret)? {
                    $plain($($arg),*)
                }
                #[target_feature(enable = "avx2")]
                unsafe fn avx2($($arg: $ty),*) $(-> $ret)? {
                    $plain($($arg),*)
                }
                match $crate::simd::x86_level() {
                    // SAFETY: the CPU has AVX-512BW.
                    $crate::simd::X86Level::Avx512 => unsafe { avx512($($arg),*) },
                    // SAFETY: the CPU has AVX2.
                    $crate::simd::X86Level::Avx2 => unsafe { avx2($($arg),*) },
                    $crate::simd::X86Level::Baseline => $plain($($arg),*),
                }
            }
            #[cfg(not(target_arch = "x86_64"))]
            $plain($($arg),*)
        }
    };
}
pub(crate) use multiversioned;

multiversioned! {
    /// Appends `bytes` to `out` with ASCII letters lowercased (other bytes as they are): with
    /// the widest vectors the CPU has, since whole captures are folded so.
    pub fn extend_ascii_lowercase(out: &mut Vec<u8>, bytes: &[u8]) = extend_ascii_lowercase_plainly;
}

#[inline(always)]
fn extend_ascii_lowercase_plainly(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend(bytes.iter().map(u8::to_ascii_lowercase));
}

#[cfg(test)]
mod tests {
    #[test]
    fn lowercasing_appends_every_byte_with_ascii_letters_folded() {
        let all: Vec<u8> = (0..=255u8).cycle().take(700).collect();
        for len in [0, 1, 31, 32, 33, 64, 65, 700] {
            let mut out = b"Kept".to_vec();
            super::extend_ascii_lowercase(&mut out, &all[..len]);
            let want: Vec<u8> = b"Kept"
                .iter()
                .chain(&all[..len])
                .enumerate()
                .map(|(i, &b)| if i < 4 { b } else { b.to_ascii_lowercase() })
                .collect();
            assert_eq!(out, want, "{len}");
        }
    }
}
