//! Validity, region and line type of a parsed phone number, from libphonenumber's metadata.
//!
//! The `phonenumber` crate answers these questions itself, but through one global LRU cache
//! of 100 compiled regexes: a NANP number (+1) is checked against ~25 regions' patterns,
//! so the cache thrashes and every call recompiles regexes (measured: < 1 MB/s of text).
//! Here the same metadata patterns (`Database::by_code`/`by_id` descriptors) are compiled
//! once per country code and kept. The rules mirror libphonenumber's `getRegionCodeForNumber`
//! and `getNumberType`: with several regions for a code, the first whose leading digits match
//! or whose number type is known wins; a descriptor matches when the length is possible and
//! its pattern matches from the first digit; the type order is premium rate, toll free,
//! shared cost, VoIP, personal, pager, UAN, voicemail, then fixed line/mobile.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::{Arc, OnceLock, RwLock};

use phonenumber::country::Id;
use phonenumber::metadata::{DATABASE, Descriptor};
use regex::{Regex, RegexBuilder};

struct Desc {
    re: Regex,
    lengths: Vec<u16>,
    source: String,
}

impl Desc {
    fn new(d: &Descriptor) -> Option<Desc> {
        let source = d.national_number().as_str().to_string();
        let re = RegexBuilder::new(&format!("^(?:{source})"))
            .ignore_whitespace(true)
            .build()
            .ok()?;
        Some(Desc {
            re,
            lengths: d.possible_length().to_vec(),
            source,
        })
    }

    fn is_match(&self, national: &str) -> bool {
        (self.lengths.is_empty() || self.lengths.contains(&(national.len() as u16)))
            && self.re.is_match(national)
    }
}

struct Region {
    /// ISO 3166-1 alpha-2, or `001` for non-geographic codes.
    id: String,
    leading: Option<Regex>,
    general: Option<Desc>,
    /// Special types in libphonenumber's order.
    special: Vec<(&'static str, Desc)>,
    fixed: Option<Desc>,
    mobile: Option<Desc>,
}

impl Region {
    fn kind(&self, national: &str) -> Option<&'static str> {
        if !self.general.as_ref()?.is_match(national) {
            return None;
        }
        if let Some((k, _)) = self.special.iter().find(|(_, d)| d.is_match(national)) {
            return Some(k);
        }
        let mobile = self.mobile.as_ref().is_some_and(|m| m.is_match(national));
        match &self.fixed {
            Some(f) if f.is_match(national) => {
                let same = self.mobile.as_ref().is_some_and(|m| m.source == f.source);
                Some(if same || mobile {
                    "fixed_line_or_mobile"
                } else {
                    "fixed_line"
                })
            }
            _ if mobile => Some("mobile"),
            _ => None,
        }
    }
}

type Table = RwLock<HashMap<u16, Arc<Vec<Region>>>>;

fn regions(code: u16) -> Option<Arc<Vec<Region>>> {
    static TABLE: OnceLock<Table> = OnceLock::new();
    let table = TABLE.get_or_init(Default::default);
    if let Some(r) = table.read().ok().and_then(|t| t.get(&code).cloned()) {
        return Some(r);
    }
    let metas = DATABASE.by_code(&code)?;
    let built: Vec<Region> = metas
        .into_iter()
        .map(|m| {
            let opt = |d: Option<&Descriptor>| d.and_then(Desc::new);
            let special = [
                ("premium_rate", m.descriptors().premium_rate()),
                ("toll_free", m.descriptors().toll_free()),
                ("shared_cost", m.descriptors().shared_cost()),
                ("voip", m.descriptors().voip()),
                ("personal_number", m.descriptors().personal_number()),
                ("pager", m.descriptors().pager()),
                ("uan", m.descriptors().uan()),
                ("voicemail", m.descriptors().voicemail()),
            ]
            .into_iter()
            .filter_map(|(k, d)| Some((k, d.and_then(Desc::new)?)))
            .collect();
            Region {
                id: m.id().to_string(),
                leading: m.leading_digits().and_then(|l| {
                    RegexBuilder::new(&format!("^(?:{})", l.as_str()))
                        .ignore_whitespace(true)
                        .build()
                        .ok()
                }),
                general: Desc::new(m.descriptors().general()),
                special,
                fixed: opt(m.descriptors().fixed_line()),
                mobile: opt(m.descriptors().mobile()),
            }
        })
        .collect();
    let built = Arc::new(built);
    if let Ok(mut t) = table.write() {
        t.insert(code, built.clone());
    }
    Some(built)
}

/// How a region's national writings are turned into a national significant number.
struct Plan {
    code: u16,
    prefix: Option<Regex>,
    literal_prefix: Option<String>,
    /// Regions with a prefix transform rule (AR, MX…) are left to the `phonenumber` parser.
    transform: bool,
    general: Option<Desc>,
}

fn build_plan(region: Id) -> Option<Plan> {
    let m = DATABASE.by_id(region.as_ref())?;
    Some(Plan {
        code: m.country_code(),
        prefix: m.national_prefix_for_parsing().and_then(|r| {
            RegexBuilder::new(&format!("^(?:{})", r.as_str()))
                .ignore_whitespace(true)
                .build()
                .ok()
        }),
        literal_prefix: m.national_prefix().map(String::from),
        transform: m.national_prefix_transform_rule().is_some(),
        general: Desc::new(m.descriptors().general()),
    })
}

thread_local! {
    /// Plans of the regions this thread has tried (a handful: the reporters' countries
    /// and the fallback regions), looked up without a lock or a hash.
    static PLANS: RefCell<Vec<(Id, Option<Rc<Plan>>)>> = const { RefCell::new(Vec::new()) };
}

fn plan(region: Id) -> Option<Rc<Plan>> {
    if let Some(p) =
        PLANS.with_borrow(|v| v.iter().find(|(id, _)| *id == region).map(|e| e.1.clone()))
    {
        return p;
    }
    let p = build_plan(region).map(Rc::new);
    PLANS.with_borrow_mut(|v| v.push((region, p.clone())));
    p
}

/// `(country code, national significant number)` of digits written nationally in `region`
/// (trunk prefix stripped as libphonenumber's `maybeStripNationalPrefixAndCarrierCode`
/// does); `None` for an unknown region or one whose prefix rule needs a transform.
pub(crate) fn national(region: Id, digits: &str) -> Option<(u16, &str)> {
    let p = plan(region)?;
    if p.transform {
        return None;
    }
    let general = |n: &str| p.general.as_ref().is_some_and(|g| g.is_match(n));
    let stripped = match (&p.prefix, &p.literal_prefix) {
        (Some(re), _) => re.find(digits).map(|m| &digits[m.end()..]),
        (None, Some(lit)) => digits.strip_prefix(lit.as_str()),
        (None, None) => None,
    };
    let national = match stripped {
        // Keep the prefix when stripping it turns a viable number into a non-viable one.
        Some(s) if !general(digits) || general(s) => s,
        _ => digits,
    };
    Some((p.code, national))
}

/// Splits `+`-less international digits into country code and national number.
pub(crate) fn international(digits: &str) -> Option<(u16, &str)> {
    (1..=3).find_map(|n| {
        let code: u16 = digits.get(..n)?.parse().ok()?;
        DATABASE.region(&code).map(|_| (code, &digits[n..]))
    })
}

/// `(region, kind)` of a valid number; `None` when libphonenumber's metadata says invalid.
/// The region is `None` for non-geographic codes (`+800`…).
///
/// Answers are memoised per thread: one number typically recurs in many reports (a scam
/// operation's call-back number) and in several writings of one narrative, and its
/// classification runs up to a dozen metadata regexes. The memo holds the pure function's
/// results only, so it cannot change an answer; it is emptied when it reaches
/// [`MEMO_CAPACITY`] entries.
pub(crate) fn classify(code: u16, national: &str) -> Option<(Option<String>, &'static str)> {
    match digits_key(national) {
        Some((len, n)) => memoised(&MEMO, MEMO_CAPACITY, (code, len, n), || {
            classify_uncached(code, national)
        }),
        None => classify_uncached(code, national),
    }
}

/// `(digit count, digits)` of a string of at most 19 ASCII digits: a key without
/// allocating (phone numbers have at most 17 digits; the count keeps leading zeros apart,
/// `0123` vs `123`). `None` for anything else.
pub(crate) fn digits_key(s: &str) -> Option<(u8, u64)> {
    (s.len() <= 19 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse::<u64>().ok())
        .flatten()
        .map(|n| (s.len() as u8, n))
}

/// The answer stored in the per-thread `memo` for `key`, or `answer()` stored there; the
/// memo is emptied when it holds `capacity` entries. For pure functions only.
pub(crate) fn memoised<K, V>(
    memo: &'static std::thread::LocalKey<RefCell<foldhash::HashMap<K, V>>>,
    capacity: usize,
    key: K,
    answer: impl FnOnce() -> V,
) -> V
where
    K: std::hash::Hash + Eq,
    V: Clone,
{
    if let Some(hit) = memo.with_borrow(|m| m.get(&key).cloned()) {
        return hit;
    }
    let value = answer();
    memo.with_borrow_mut(|m| {
        if m.len() >= capacity {
            m.clear();
        }
        m.insert(key, value.clone());
    });
    value
}

/// Entries the per-thread memo of [`classify`] holds before it is emptied (~4 MB).
const MEMO_CAPACITY: usize = 1 << 16;

type Classification = Option<(Option<String>, &'static str)>;

thread_local! {
    /// `(country code, digit count, digits)` -> what [`classify_uncached`] answered.
    static MEMO: RefCell<foldhash::HashMap<(u16, u8, u64), Classification>> =
        RefCell::new(foldhash::HashMap::default());
}

fn classify_uncached(code: u16, national: &str) -> Classification {
    let regions = regions(code)?;
    let answer = |region: &Region, kind: &'static str| {
        let id = (region.id != "001").then(|| region.id.clone());
        Some((id, kind))
    };
    if let [only] = regions.as_slice() {
        return answer(only, only.kind(national)?);
    }
    // The first region whose leading digits match (then its type decides validity), or
    // else whose type is known; each region's type is worked out once.
    for region in regions.iter() {
        if region
            .leading
            .as_ref()
            .is_some_and(|l| l.is_match(national))
        {
            return answer(region, region.kind(national)?);
        }
        if let Some(kind) = region.kind(national) {
            return answer(region, kind);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cached rules agree with the `phonenumber` crate's own answers.
    #[test]
    fn agrees_with_phonenumber_crate() {
        let numbers = [
            "+18885550147",
            "+12127364410",
            "+14165550123",
            "+16045551234",
            "+442079460958",
            "+447911123456",
            "+448000487321",
            "+493012345678",
            "+4915123456789",
            "+498001234567",
            "+33142685300",
            "+33612345678",
            "+34912345678",
            "+34612345678",
            "+34900123456",
            "+61298765432",
            "+61412345678",
            "+611800123456",
            "+919876543210",
            "+912227781234",
            "+80012345678",
            "+441534123456",
            "+12345",
            "+4912",
            "+3361234567",
        ];
        for n in numbers {
            let Ok(p) = phonenumber::parse(None, n) else {
                continue;
            };
            let theirs = p.is_valid().then(|| {
                (
                    p.country().id().map(|i| i.as_ref().to_string()),
                    super::super::phone::kind_name(p.number_type(&DATABASE)),
                )
            });
            let ours = classify(p.code().value(), &p.national().to_string());
            assert_eq!(ours, theirs, "{n}");
        }
    }
}
