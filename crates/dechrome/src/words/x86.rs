//! The [`Level`]s of `x86_64`: block masks with AVX-512BW or AVX2 when the CPU has them (checked
//! at run time), SSE2 (part of every `x86_64` CPU) otherwise.

use super::{Level, Masks, BLOCK};
use std::arch::x86_64::{
    __m128i, __m256i, __m512i, _mm256_and_si256, _mm256_cmpeq_epi8, _mm256_cmpgt_epi8, _mm256_loadu_si256,
    _mm256_movemask_epi8, _mm256_or_si256, _mm256_set1_epi8, _mm512_cmpeq_epi8_mask, _mm512_cmpge_epu8_mask,
    _mm512_cmplt_epu8_mask, _mm512_loadu_si512, _mm512_movepi8_mask, _mm512_or_si512, _mm512_set1_epi8,
    _mm512_sub_epi8, _mm_and_si128, _mm_cmpeq_epi8, _mm_cmpgt_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128,
    _mm_set1_epi8,
};

/// `x86_64` levels, best first. SSE2 is part of every `x86_64` CPU.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum X86Level {
    Avx512,
    Avx2,
    Baseline,
}

/// The best level this CPU has (the standard library caches what it detects).
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

/// AVX-512BW: one 64-byte load a block.
pub struct Avx512;
/// AVX2: two 32-byte loads a block.
pub struct Avx2;
/// SSE2, part of every `x86_64` CPU: four 16-byte loads a block.
pub struct Sse2;

impl Level for Avx512 {
    #[inline(always)]
    fn byte_masks(block: &[u8; BLOCK]) -> Masks {
        // SAFETY: this level is only chosen (by `dispatch!`) on CPUs with AVX-512BW.
        unsafe { avx512_lanes(block) }
    }
}

impl Level for Avx2 {
    #[inline(always)]
    fn byte_masks(block: &[u8; BLOCK]) -> Masks {
        // SAFETY: this level is only chosen (by `dispatch!`) on CPUs with AVX2.
        unsafe { lanes::<__m256i>(block) }
    }
}

impl Level for Sse2 {
    #[inline(always)]
    fn byte_masks(block: &[u8; BLOCK]) -> Masks {
        // SAFETY: SSE2 is part of the x86_64 baseline.
        unsafe { lanes::<__m128i>(block) }
    }
}

/// Defines, for each walk, its instance compiled for a level's instructions.
macro_rules! compiled_for {
    ($features:literal, $level:ty, $($name:ident = $walk:ident($($arg:ident: $ty:ty),*) -> $ret:ty;)*) => {$(
        /// # Safety
        /// The CPU has the instructions this is compiled for.
        #[target_feature(enable = $features)]
        pub unsafe fn $name($($arg: $ty),*) -> $ret {
            super::$walk::<$level>($($arg),*)
        }
    )*};
}

compiled_for! {"avx512bw,popcnt,bmi1,bmi2", Avx512,
    count_words_avx512 = count_words_at(text: &str) -> usize;
    count_lines_avx512 = count_lines_at(text: &str, line: impl FnMut(usize, usize, usize)) -> ();
    for_each_alnum_run_avx512 = for_each_alnum_run_at(text: &str, run: impl FnMut(usize, usize)) -> ();
}

compiled_for! {"avx2,popcnt,bmi1,bmi2", Avx2,
    count_words_avx2 = count_words_at(text: &str) -> usize;
    count_lines_avx2 = count_lines_at(text: &str, line: impl FnMut(usize, usize, usize)) -> ();
    for_each_alnum_run_avx2 = for_each_alnum_run_at(text: &str, run: impl FnMut(usize, usize)) -> ();
}

#[cfg(test)]
#[target_feature(enable = "avx512bw")]
unsafe fn avx512(block: &[u8; BLOCK]) -> Masks {
    // SAFETY: the CPU has AVX-512BW (the caller's promise).
    unsafe { avx512_lanes(block) }
}

/// One 64-byte load, compares straight into bit masks. Inlined into code compiled for
/// AVX-512BW, where its intrinsics inline in turn.
///
/// # Safety
/// The CPU has AVX-512BW.
#[inline(always)]
unsafe fn avx512_lanes(block: &[u8; BLOCK]) -> Masks {
    // SAFETY: the load reads the 64 bytes of `block` (unaligned loads are allowed).
    #[expect(clippy::cast_ptr_alignment, reason = "an unaligned load")]
    let v = unsafe { _mm512_loadu_si512(block.as_ptr().cast::<__m512i>()) };
    // SAFETY: plain register operations, which the CPU has (the caller's promise).
    unsafe {
        // `lo..=hi`, unsigned: one subtraction, one compare.
        let within = |x: __m512i, lo: u8, hi: u8| {
            _mm512_cmplt_epu8_mask(
                _mm512_sub_epi8(x, _mm512_set1_epi8(lo as i8)),
                _mm512_set1_epi8((hi - lo + 1) as i8),
            )
        };
        // Setting bit 5 folds A-Z onto a-z and sends no other byte into a-z.
        let letter = within(_mm512_or_si512(v, _mm512_set1_epi8(0x20)), b'a', b'z');
        let space = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(b' ' as i8)) | within(v, 0x09, 0x0d);
        let alnum = letter | within(v, b'0', b'9');
        let high = _mm512_movepi8_mask(v);
        let lead = _mm512_cmpge_epu8_mask(v, _mm512_set1_epi8(0xc0u8 as i8));
        let newline = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(b'\n' as i8));
        Masks { space, alnum, newline, lead, continuation: high & !lead }
    }
}

#[cfg(test)]
#[target_feature(enable = "avx2")]
unsafe fn avx2(block: &[u8; BLOCK]) -> Masks {
    // SAFETY: the CPU has AVX2 (the caller's promise).
    unsafe { lanes::<__m256i>(block) }
}

/// A vector of bytes, as the lane loop needs it; each method is one instruction.
trait Lanes: Copy {
    const WIDTH: usize;
    /// # Safety
    /// `at` is the start of `Self::WIDTH` readable bytes, and the CPU has the instructions.
    unsafe fn load(at: *const u8) -> Self;
    unsafe fn splat(byte: u8) -> Self;
    unsafe fn eq(self, other: Self) -> Self;
    /// Signed: bytes >= 0x80 are negative.
    unsafe fn gt(self, other: Self) -> Self;
    unsafe fn or(self, other: Self) -> Self;
    unsafe fn and(self, other: Self) -> Self;
    /// The top bit of each byte.
    unsafe fn mask(self) -> u64;
}

impl Lanes for __m128i {
    const WIDTH: usize = 16;
    #[inline(always)]
    unsafe fn load(at: *const u8) -> Self {
        // SAFETY: `at` points to 16 readable bytes (the caller's promise); the load allows
        // any alignment.
        #[expect(clippy::cast_ptr_alignment, reason = "an unaligned load")]
        unsafe {
            _mm_loadu_si128(at.cast::<__m128i>())
        }
    }
    #[inline(always)]
    unsafe fn splat(byte: u8) -> Self {
        // SAFETY: SSE2 is part of x86-64.
        unsafe { _mm_set1_epi8(byte as i8) }
    }
    #[inline(always)]
    unsafe fn eq(self, other: Self) -> Self {
        // SAFETY: SSE2 is part of x86-64.
        unsafe { _mm_cmpeq_epi8(self, other) }
    }
    #[inline(always)]
    unsafe fn gt(self, other: Self) -> Self {
        // SAFETY: SSE2 is part of x86-64.
        unsafe { _mm_cmpgt_epi8(self, other) }
    }
    #[inline(always)]
    unsafe fn or(self, other: Self) -> Self {
        // SAFETY: SSE2 is part of x86-64.
        unsafe { _mm_or_si128(self, other) }
    }
    #[inline(always)]
    unsafe fn and(self, other: Self) -> Self {
        // SAFETY: SSE2 is part of x86-64.
        unsafe { _mm_and_si128(self, other) }
    }
    #[inline(always)]
    unsafe fn mask(self) -> u64 {
        // SAFETY: SSE2 is part of x86-64.
        unsafe { u64::from(_mm_movemask_epi8(self) as u32) }
    }
}

impl Lanes for __m256i {
    const WIDTH: usize = 32;
    #[inline(always)]
    unsafe fn load(at: *const u8) -> Self {
        // SAFETY: `at` points to 32 readable bytes (the caller's promise); the load allows
        // any alignment.
        #[expect(clippy::cast_ptr_alignment, reason = "an unaligned load")]
        unsafe {
            _mm256_loadu_si256(at.cast::<__m256i>())
        }
    }
    #[inline(always)]
    unsafe fn splat(byte: u8) -> Self {
        // SAFETY: the CPU has AVX2 (the caller's promise).
        unsafe { _mm256_set1_epi8(byte as i8) }
    }
    #[inline(always)]
    unsafe fn eq(self, other: Self) -> Self {
        // SAFETY: the CPU has AVX2 (the caller's promise).
        unsafe { _mm256_cmpeq_epi8(self, other) }
    }
    #[inline(always)]
    unsafe fn gt(self, other: Self) -> Self {
        // SAFETY: the CPU has AVX2 (the caller's promise).
        unsafe { _mm256_cmpgt_epi8(self, other) }
    }
    #[inline(always)]
    unsafe fn or(self, other: Self) -> Self {
        // SAFETY: the CPU has AVX2 (the caller's promise).
        unsafe { _mm256_or_si256(self, other) }
    }
    #[inline(always)]
    unsafe fn and(self, other: Self) -> Self {
        // SAFETY: the CPU has AVX2 (the caller's promise).
        unsafe { _mm256_and_si256(self, other) }
    }
    #[inline(always)]
    unsafe fn mask(self) -> u64 {
        // SAFETY: the CPU has AVX2 (the caller's promise).
        unsafe { u64::from(_mm256_movemask_epi8(self) as u32) }
    }
}

/// The block as `64 / V::WIDTH` lanes, classed by compares and gathered by their top bits.
///
/// # Safety
/// The CPU has `V`'s instructions.
#[inline(always)]
unsafe fn lanes<V: Lanes>(block: &[u8; BLOCK]) -> Masks {
    let (mut space, mut alnum, mut high, mut newline, mut lead_or_ascii) = (0u64, 0u64, 0u64, 0u64, 0u64);
    for lane in 0..BLOCK / V::WIDTH {
        // SAFETY: each load reads `V::WIDTH` bytes inside `block`; the caller vouches for
        // the CPU.
        unsafe {
            let v = V::load(block.as_ptr().add(lane * V::WIDTH));
            // Signed compares: bytes >= 0x80 are negative and fall outside every range.
            let within = |x: V, lo: u8, hi: u8| x.gt(V::splat(lo - 1)).and(V::splat(hi + 1).gt(x));
            // Setting bit 5 folds A-Z onto a-z and sends no other byte into a-z.
            let letter = within(v.or(V::splat(0x20)), b'a', b'z');
            let s = v.eq(V::splat(b' ')).or(within(v, 0x09, 0x0d));
            let a = letter.or(within(v, b'0', b'9'));
            let shift = lane * V::WIDTH;
            space |= s.mask() << shift;
            alnum |= a.mask() << shift;
            high |= v.mask() << shift;
            newline |= v.eq(V::splat(b'\n')).mask() << shift;
            // Signed, 0xC0 and up are -64 to -1: above 0xBF, as ASCII is.
            lead_or_ascii |= v.gt(V::splat(0xbf)).mask() << shift;
        }
    }
    Masks { space, alnum, newline, lead: high & lead_or_ascii, continuation: high & !lead_or_ascii }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_instruction_set_gives_the_portable_masks() {
        // Every byte value, in every position, and some blocks of text.
        let mut blocks: Vec<[u8; BLOCK]> = (0..4).map(|k| std::array::from_fn(|i| (k * 64 + i) as u8)).collect();
        blocks.push(*b"The \tcouncil\r\napproved 12 items: A-Z, a-z, 0-9 [@`{~] \x0b\x0c\x7f\x80\xff end.");
        for block in &blocks {
            let want = super::super::portable_byte_masks(block);
            // SAFETY: SSE2 is part of the x86_64 baseline.
            assert_eq!(unsafe { lanes::<__m128i>(block) }, want);
            if is_x86_feature_detected!("avx2") {
                // SAFETY: the CPU has AVX2.
                assert_eq!(unsafe { avx2(block) }, want);
            }
            if is_x86_feature_detected!("avx512bw") {
                // SAFETY: the CPU has AVX-512BW.
                assert_eq!(unsafe { avx512(block) }, want);
            }
        }
    }
}
