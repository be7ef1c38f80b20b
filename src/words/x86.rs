//! [`ascii_masks`] with x86 vector instructions: AVX-512BW or AVX2 when the CPU has them
//! (checked at run time), SSE2 (part of every x86_64 CPU) otherwise.

use super::BLOCK;
use std::arch::x86_64::*;

pub fn ascii_masks(block: &[u8; BLOCK]) -> (u64, u64, u64, u64) {
    if is_x86_feature_detected!("avx512bw") {
        // SAFETY: the CPU has AVX-512BW.
        return unsafe { avx512(block) };
    }
    if is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has AVX2.
        return unsafe { avx2(block) };
    }
    sse2(block)
}

/// One 64-byte load, compares straight into bit masks.
#[target_feature(enable = "avx512bw")]
unsafe fn avx512(block: &[u8; BLOCK]) -> (u64, u64, u64, u64) {
    // SAFETY: the load reads the 64 bytes of `block` (unaligned loads are allowed).
    let v = unsafe { _mm512_loadu_si512(block.as_ptr() as *const __m512i) };
    // `lo..=hi`, unsigned: one subtraction, one compare.
    let within = |x: __m512i, lo: u8, hi: u8| {
        _mm512_cmplt_epu8_mask(_mm512_sub_epi8(x, _mm512_set1_epi8(lo as i8)), _mm512_set1_epi8((hi - lo + 1) as i8))
    };
    // Setting bit 5 folds A-Z onto a-z and sends no other byte into a-z.
    let letter = within(_mm512_or_si512(v, _mm512_set1_epi8(0x20)), b'a', b'z');
    let space = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(b' ' as i8)) | within(v, 0x09, 0x0d);
    let alnum = letter | within(v, b'0', b'9');
    let high = _mm512_movepi8_mask(v);
    let newline = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(b'\n' as i8));
    (space, alnum, high, newline)
}

/// Two 32-byte lanes.
#[target_feature(enable = "avx2")]
unsafe fn avx2(block: &[u8; BLOCK]) -> (u64, u64, u64, u64) {
    let (mut space, mut alnum, mut high, mut newline) = (0u64, 0u64, 0u64, 0u64);
    for lane in 0..2 {
        // SAFETY: each load reads 32 bytes inside `block` (unaligned loads are allowed).
        let v = unsafe { _mm256_loadu_si256(block.as_ptr().add(lane * 32) as *const __m256i) };
        let is = |b: u8| _mm256_cmpeq_epi8(v, _mm256_set1_epi8(b as i8));
        // Signed compares: bytes >= 0x80 are negative and fall outside every range.
        let within = |x: __m256i, lo: u8, hi: u8| {
            _mm256_and_si256(
                _mm256_cmpgt_epi8(x, _mm256_set1_epi8(lo as i8 - 1)),
                _mm256_cmpgt_epi8(_mm256_set1_epi8(hi as i8 + 1), x),
            )
        };
        let letter = within(_mm256_or_si256(v, _mm256_set1_epi8(0x20)), b'a', b'z');
        let s = _mm256_or_si256(is(b' '), within(v, 0x09, 0x0d));
        let a = _mm256_or_si256(letter, within(v, b'0', b'9'));
        let shift = lane * 32;
        space |= (_mm256_movemask_epi8(s) as u32 as u64) << shift;
        alnum |= (_mm256_movemask_epi8(a) as u32 as u64) << shift;
        high |= (_mm256_movemask_epi8(v) as u32 as u64) << shift;
        newline |= (_mm256_movemask_epi8(is(b'\n')) as u32 as u64) << shift;
    }
    (space, alnum, high, newline)
}

/// Four 16-byte lanes.
fn sse2(block: &[u8; BLOCK]) -> (u64, u64, u64, u64) {
    let (mut space, mut alnum, mut high, mut newline) = (0u64, 0u64, 0u64, 0u64);
    for lane in 0..4 {
        // SAFETY: SSE2 is part of the x86_64 baseline, and each load reads 16 bytes inside
        // `block` (unaligned loads are allowed).
        unsafe {
            let v = _mm_loadu_si128(block.as_ptr().add(lane * 16) as *const __m128i);
            let is = |b: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(b as i8));
            let within = |x: __m128i, lo: u8, hi: u8| {
                _mm_and_si128(
                    _mm_cmpgt_epi8(x, _mm_set1_epi8(lo as i8 - 1)),
                    _mm_cmplt_epi8(x, _mm_set1_epi8(hi as i8 + 1)),
                )
            };
            let letter = within(_mm_or_si128(v, _mm_set1_epi8(0x20)), b'a', b'z');
            let s = _mm_or_si128(is(b' '), within(v, 0x09, 0x0d));
            let a = _mm_or_si128(letter, within(v, b'0', b'9'));
            let shift = lane * 16;
            space |= (_mm_movemask_epi8(s) as u32 as u64) << shift;
            alnum |= (_mm_movemask_epi8(a) as u32 as u64) << shift;
            high |= (_mm_movemask_epi8(v) as u32 as u64) << shift;
            newline |= (_mm_movemask_epi8(is(b'\n')) as u32 as u64) << shift;
        }
    }
    (space, alnum, high, newline)
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
            let want = super::super::portable_ascii_masks(block);
            assert_eq!(sse2(block), want);
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
