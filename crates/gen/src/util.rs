//! Small random-choice helpers shared by the generator's modules.
//!
//! All randomness flows from `ChaCha8Rng` streams seeded from the configuration, so these
//! helpers only ever index into constant tables: the tables are never empty (a test in each
//! module walks them), which is why [`pick`] indexes without an `Option`.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

pub(crate) type R = ChaCha8Rng;

/// A uniformly chosen element. Invariant: `items` is a non-empty constant table.
pub(crate) fn pick<'a, T>(rng: &mut R, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

/// An element chosen with integer weights. Invariant: non-empty, total weight > 0.
pub(crate) fn weighted<'a, T>(rng: &mut R, items: &'a [(T, u32)]) -> &'a T {
    let total: u32 = items.iter().map(|(_, w)| *w).sum();
    let mut x = rng.random_range(0..total.max(1));
    for (item, w) in items {
        if x < *w {
            return item;
        }
        x -= w;
    }
    &items[items.len() - 1].0
}

/// True with probability `p` (0..=1).
pub(crate) fn chance(rng: &mut R, p: f64) -> bool {
    rng.random::<f64>() < p
}

/// `n` random decimal digits.
pub(crate) fn digits(rng: &mut R, n: usize) -> String {
    (0..n)
        .map(|_| char::from(b'0' + rng.random_range(0..10u8)))
        .collect()
}

/// A bijection of `0..10^width` (affine, multiplier coprime to 10), used to give each
/// victim a distinct number tail without remembering the ones already handed out.
pub(crate) fn unique_tail(index: u64, salt: u64, width: u32) -> String {
    let m = 10u64.pow(width);
    let v = (index.wrapping_mul(7_654_321).wrapping_add(salt)) % m;
    format!("{v:0w$}", w = width as usize)
}

/// [`pick`] for `Copy` items (table entries such as `&'static str`), returned by value.
pub(crate) fn one<T: Copy>(rng: &mut R, items: &[T]) -> T {
    *pick(rng, items)
}

/// [`weighted`] for `Copy` items, returned by value.
pub(crate) fn one_weighted<T: Copy>(rng: &mut R, items: &[(T, u32)]) -> T {
    *weighted(rng, items)
}
