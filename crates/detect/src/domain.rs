//! Domain impersonation scoring: does a host name imitate a protected brand, and how?
//!
//! Pipeline for one input: strip scheme, credentials, port, path and defanging (`[.]`) ->
//! `idna::domain_to_ascii` (rejects invalid names) -> if the host or a parent is an official
//! domain of any brand: not an impersonation, ever -> Public Suffix List split into
//! subdomain labels, registrable label and suffix -> each technique below, against every
//! brand's `typo_labels` and `combo_tokens` -> the highest-scoring brand wins, with all the
//! techniques that matched it.
//!
//! Techniques (names as dnstwist calls its fuzzers where one exists):
//! - `homoglyph` (+ `idn`, `mixed-script`): the label's visual form (see [`crate::fold`])
//!   equals a protected label's but the spelling differs (`micrоsoft` with Cyrillic `о`,
//!   `rnicrosoft`, `paypa1`).
//! - one edit of a protected label of 5+ letters: `omission`, `repetition`, `addition`
//!   (appended character), `insertion` (keyboard neighbour inserted), `plural`,
//!   `hyphenation`, `transposition`, `replacement` (keyboard neighbour), `vowel-swap`,
//!   `bitsquatting` (one bit flipped), or generic `typo`. Keyboards: QWERTY, QWERTZ, AZERTY.
//! - `tld-swap`: the protected label itself under a suffix the brand does not own.
//! - `subdomain-split`: the protected label cut by dots (`micro.soft.com`).
//! - `combosquat`: a brand token plus other words (`microsoft-support-help.com`,
//!   `amazonrefunddesk.net`). Distinctive tokens need any other word; tokens that are also
//!   ordinary words (`apple`, `windows`) need scam vocabulary beside them ([`SCAM_WORDS`]).
//! - `subdomain-trick`: a brand's official domain or token left of someone else's
//!   registrable domain (`microsoft.com.fix-pc.net`, `paypal.account-verify.xyz`).
//! - `hosted-brand`: the protected label as a tenant of a hosting suffix of the PSL's
//!   private section (`microsoft.web.app`).
//!
//! Scores are in 0..1; see `docs/DETECTION.md` for the table and the evaluation.

// FxHash: these indexes are probed for every checked domain (the inputs are short labels).
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::brands::{BrandSpec, Registry};
use crate::fold;

/// How a domain imitates a brand.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Technique {
    Homoglyph,
    Idn,
    MixedScript,
    Omission,
    Repetition,
    Addition,
    Insertion,
    Plural,
    Hyphenation,
    Transposition,
    Replacement,
    VowelSwap,
    Bitsquatting,
    Typo,
    TldSwap,
    SubdomainSplit,
    Combosquat,
    SubdomainTrick,
    HostedBrand,
}

impl Technique {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Homoglyph => "homoglyph",
            Self::Idn => "idn",
            Self::MixedScript => "mixed-script",
            Self::Omission => "omission",
            Self::Repetition => "repetition",
            Self::Addition => "addition",
            Self::Insertion => "insertion",
            Self::Plural => "plural",
            Self::Hyphenation => "hyphenation",
            Self::Transposition => "transposition",
            Self::Replacement => "replacement",
            Self::VowelSwap => "vowel-swap",
            Self::Bitsquatting => "bitsquatting",
            Self::Typo => "typo",
            Self::TldSwap => "tld-swap",
            Self::SubdomainSplit => "subdomain-split",
            Self::Combosquat => "combosquat",
            Self::SubdomainTrick => "subdomain-trick",
            Self::HostedBrand => "hosted-brand",
        }
    }

    /// One English sentence; the verdict localises by technique code.
    fn describe(self, brand: &str, imitated: &str) -> String {
        match self {
            Self::Homoglyph => {
                format!("uses look-alike characters to read as `{imitated}` ({brand})")
            }
            Self::Idn => "is an internationalised (punycode) name".to_string(),
            Self::MixedScript => "mixes letters of different scripts".to_string(),
            Self::Omission => format!("drops a letter of `{imitated}` ({brand})"),
            Self::Repetition => format!("doubles a letter of `{imitated}` ({brand})"),
            Self::Addition => format!("appends a character to `{imitated}` ({brand})"),
            Self::Insertion => format!("inserts a neighbouring key into `{imitated}` ({brand})"),
            Self::Plural => format!("is a plural of `{imitated}` ({brand})"),
            Self::Hyphenation => format!("inserts a hyphen into `{imitated}` ({brand})"),
            Self::Transposition => format!("swaps two letters of `{imitated}` ({brand})"),
            Self::Replacement => {
                format!("replaces a letter of `{imitated}` by a neighbouring key ({brand})")
            }
            Self::VowelSwap => format!("swaps a vowel of `{imitated}` ({brand})"),
            Self::Bitsquatting => format!("differs from `{imitated}` by one flipped bit ({brand})"),
            Self::Typo => format!("is one typing error away from `{imitated}` ({brand})"),
            Self::TldSwap => {
                format!("is `{imitated}` under a top-level domain {brand} does not use")
            }
            Self::SubdomainSplit => format!("splits `{imitated}` with dots ({brand})"),
            Self::Combosquat => {
                format!("combines the name `{imitated}` ({brand}) with other words")
            }
            Self::SubdomainTrick => {
                format!("puts `{imitated}` ({brand}) in front of an unrelated domain")
            }
            Self::HostedBrand => {
                format!("uses `{imitated}` ({brand}) as a name on a public hosting service")
            }
        }
    }
}

/// The result of [`Scorer::score`]: which brand, how, how sure.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Impersonation {
    pub brand: String,
    /// The protected label, token or official domain that is imitated.
    pub imitates: String,
    pub techniques: Vec<Technique>,
    /// 0..1; >= 0.8 is treated as a scam domain by the verdict, >= 0.5 as suspicious.
    pub score: f32,
    /// English explanation; the verdict gives localised reasons.
    pub explanation: String,
}

/// Words that make a brand name beside them a scam domain (en/de/es/fr): a generic brand
/// token (`windows`, `apple`) is flagged only beside one of these.
pub const STRONG_WORDS: &[&str] = &[
    "support",
    "help",
    "helpdesk",
    "helpline",
    "desk",
    "service",
    "services",
    "care",
    "customer",
    "customers",
    "tech",
    "technical",
    "techsupport",
    "fix",
    "repair",
    "pc",
    "computer",
    "refund",
    "refunds",
    "billing",
    "invoice",
    "payment",
    "account",
    "accounts",
    "login",
    "signin",
    "logon",
    "verify",
    "verification",
    "validate",
    "secure",
    "security",
    "alert",
    "alerts",
    "warning",
    "error",
    "errors",
    "virus",
    "malware",
    "call",
    "contact",
    "phone",
    "unlock",
    "locked",
    "recovery",
    "recover",
    "restore",
    "protection",
    "antivirus",
    "scan",
    "cleaner",
    "renewal",
    "subscription",
    "cancel",
    "claim",
    "password",
    "reset",
    "helpcenter",
    "assist",
    "assistance",
    "fraud",
    "dispute",
    "giftcard",
    "hilfe",
    "kundendienst",
    "kundenservice",
    "sicherheit",
    "konto",
    "erstattung",
    "rueckerstattung",
    "fehler",
    "warnung",
    "ayuda",
    "soporte",
    "servicio",
    "cuenta",
    "reembolso",
    "seguridad",
    "aide",
    "compte",
    "remboursement",
    "securite",
    "facture",
    "depannage",
    "safety",
];

/// Filler words (and the TLD words of dnstwist's `various` fuzzer, `microsoftcom.com`): beside
/// a distinctive brand token they still read as the brand's own site.
pub const WEAK_WORDS: &[&str] = &[
    "com",
    "net",
    "org",
    "info",
    "www",
    "web",
    "online",
    "official",
    "team",
    "center",
    "centre",
    "update",
    "updates",
    "order",
    "orders",
    "pay",
    "bill",
    "id",
    "auth",
    "live",
    "now",
    "us",
    "usa",
    "uk",
    "de",
    "fr",
    "es",
    "mail",
    "app",
    "store",
    "shop",
    "gift",
    "card",
    "wallet",
    "bank",
    "prime",
    "defender",
    "number",
    "tel",
    "chat",
    "renew",
    "safe",
    "protect",
    "my",
    "cloud",
    "line",
    "solutions",
    "care247",
    "24x7",
    "247",
];

const TYPO_MIN_LEN: usize = 5;

struct TypoLabel {
    brand: usize,
    label: String,
    chars: Vec<char>,
}

struct ComboToken {
    brand: usize,
    token: String,
    distinctive: bool,
    /// The token is one of the brand's protected labels (`apple`), not a product word.
    own_name: bool,
}

/// The domain scorer: the brand registry with indexes built for scoring.
pub struct Scorer {
    registry: Registry,
    labels: Vec<TypoLabel>,
    /// Visual forms of protected labels (with look-alike digraphs) -> index in `labels`.
    visuals: HashMap<String, usize>,
    tokens: Vec<ComboToken>,
    /// `None` only if the automaton could not be built (it always can for short literals).
    token_matcher: Option<aho_corasick::AhoCorasick>,
    keyboard: HashMap<char, Vec<char>>,
    /// Scam and filler words (`STRONG_WORDS`, `WEAK_WORDS`) for segmenting a phrase, with
    /// whether each is a scam word. `None` only if the automaton could not be built.
    vocab: Option<(aho_corasick::AhoCorasick, Vec<bool>)>,
    not_typos: HashSet<String>,
}

/// A host split by the Public Suffix List.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Host {
    /// Lower-case ASCII (punycode) host.
    pub ascii: String,
    /// Public suffix (`com`, `co.uk`, `github.io`).
    pub suffix: String,
    /// True when the suffix is from the PSL's private section (hosting providers).
    pub private_suffix: bool,
    /// Registrable label without suffix, in Unicode (`micrоsoft`).
    pub label: String,
    /// Labels left of the registrable domain, Unicode, outermost first.
    pub subdomains: Vec<String>,
}

impl Host {
    /// The registrable domain in ASCII (`fix-pc.net`).
    pub fn registrable(&self) -> String {
        let parts: Vec<&str> = self.ascii.split('.').collect();
        let n = self.suffix.split('.').count() + 1;
        parts[parts.len().saturating_sub(n)..].join(".")
    }
}

/// Parses what a person pastes as a domain or URL into a [`Host`]; `None` when it is not a
/// domain name (IP addresses, invalid IDNA, a single label, over 253 characters).
pub fn parse_host(input: &str) -> Option<Host> {
    let mut s = input.trim();
    if s.len() > 2048 {
        return None;
    }
    if let Some(p) = s.find("://") {
        s = &s[p + 3..];
    }
    let s = s.split(['/', '?', '#', '\\']).next().unwrap_or("");
    let s = s.rsplit('@').next().unwrap_or("");
    let refanged = s
        .replace("[.]", ".")
        .replace("(.)", ".")
        .replace("[dot]", ".");
    let mut h = refanged.as_str();
    // Port (not for bracketed IPv6, which is no domain anyway).
    if let Some(p) = h.rfind(':')
        && h[p + 1..].bytes().all(|b| b.is_ascii_digit())
    {
        h = &h[..p];
    }
    let h = h.trim_end_matches('.');
    if h.is_empty() || h.starts_with('[') {
        return None;
    }
    let ascii = idna::domain_to_ascii(h).ok()?;
    if ascii.len() > 253 || !ascii.contains('.') || ascii.split('.').any(str::is_empty) {
        return None;
    }
    if ascii
        .split('.')
        .all(|l| l.bytes().all(|b| b.is_ascii_digit()))
    {
        return None; // IPv4
    }
    let (suffix, private_suffix, registrable_len) = match psl::domain(ascii.as_bytes()) {
        Some(d) => {
            let suf = d.suffix();
            let suffix = std::str::from_utf8(suf.as_bytes()).ok()?.to_string();
            (
                suffix,
                suf.typ() == Some(psl::Type::Private),
                d.as_bytes().len(),
            )
        }
        None => {
            // A bare suffix (`co.uk`) or unknown TLD with one label: the last label is the
            // suffix, the one before it the registrable label.
            let last = ascii.rsplit('.').next().unwrap_or("");
            let reg = ascii
                .rsplit('.')
                .nth(1)
                .map_or(0, |l| l.len() + 1 + last.len());
            (last.to_string(), false, reg)
        }
    };
    if registrable_len == 0 || registrable_len <= suffix.len() {
        return None;
    }
    let registrable = &ascii[ascii.len() - registrable_len..];
    let label_ascii = &registrable[..registrable.len() - suffix.len() - 1];
    let sub_ascii = ascii[..ascii.len() - registrable_len].trim_end_matches('.');
    let label = to_unicode(label_ascii);
    let subdomains = if sub_ascii.is_empty() {
        Vec::new()
    } else {
        sub_ascii.split('.').map(to_unicode).collect()
    };
    Some(Host {
        ascii: ascii.clone(),
        suffix,
        private_suffix,
        label,
        subdomains,
    })
}

fn to_unicode(label: &str) -> String {
    if label.starts_with("xn--") {
        let (u, res) = idna::domain_to_unicode(label);
        if res.is_ok() {
            return u;
        }
    }
    label.to_string()
}

fn keyboard_neighbours() -> HashMap<char, Vec<char>> {
    // Rows of each layout; the second row is shifted half a key right of the first, etc.
    let layouts: [[&str; 4]; 3] = [
        ["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"],
        ["1234567890", "qwertzuiop", "asdfghjkl", "yxcvbnm"],
        ["1234567890", "azertyuiop", "qsdfghjklm", "wxcvbn"],
    ];
    let mut map: HashMap<char, Vec<char>> = HashMap::default();
    for rows in layouts {
        let grid: Vec<Vec<char>> = rows.iter().map(|r| r.chars().collect()).collect();
        for (r, row) in grid.iter().enumerate() {
            for (i, &c) in row.iter().enumerate() {
                let mut near = Vec::new();
                if i > 0 {
                    near.push(row[i - 1]);
                }
                if let Some(&n) = row.get(i + 1) {
                    near.push(n);
                }
                // Row above: same index and index+1; row below: index-1 and same index.
                if r > 0 {
                    near.extend(grid[r - 1].get(i).copied());
                    near.extend(grid[r - 1].get(i + 1).copied());
                }
                if let Some(below) = grid.get(r + 1) {
                    if i > 0 {
                        near.extend(below.get(i - 1).copied());
                    }
                    near.extend(below.get(i).copied());
                }
                let e = map.entry(c).or_default();
                for n in near {
                    if !e.contains(&n) {
                        e.push(n);
                    }
                }
            }
        }
    }
    map
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

fn is_mixed_script(label: &str) -> bool {
    use unicode_security::MixedScript;
    !label.is_single_script()
}

impl Scorer {
    pub fn new(registry: Registry) -> Self {
        let mut labels = Vec::new();
        let mut visuals = HashMap::default();
        let mut tokens = Vec::new();
        for (i, b) in registry.brands().iter().enumerate() {
            for l in &b.typo_labels {
                let index = labels.len();
                labels.push(TypoLabel {
                    brand: i,
                    label: l.clone(),
                    chars: l.chars().collect(),
                });
                for v in fold::glyph_variants(l) {
                    visuals.entry(v).or_insert(index);
                }
            }
            for t in &b.combo_tokens.distinctive {
                tokens.push(ComboToken {
                    brand: i,
                    token: t.clone(),
                    distinctive: true,
                    own_name: b.typo_labels.contains(t),
                });
            }
            for t in &b.combo_tokens.generic {
                tokens.push(ComboToken {
                    brand: i,
                    token: t.clone(),
                    distinctive: false,
                    own_name: b.typo_labels.contains(t),
                });
            }
            // A protected label is also a token for combosquats.
            for l in &b.typo_labels {
                if !tokens.iter().any(|t| t.brand == i && &t.token == l) {
                    tokens.push(ComboToken {
                        brand: i,
                        token: l.clone(),
                        distinctive: true,
                        own_name: true,
                    });
                }
            }
        }
        let not_typos = registry
            .brands()
            .iter()
            .flat_map(|b| b.not_typos.iter().cloned())
            .collect();
        let token_matcher = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::Standard)
            .build(tokens.iter().map(|t| t.token.as_str()))
            .ok();
        Self {
            registry,
            labels,
            visuals,
            tokens,
            token_matcher,
            keyboard: keyboard_neighbours(),
            vocab: {
                let mut words: Vec<&str> = Vec::new();
                let mut strong: Vec<bool> = Vec::new();
                for (list, is_strong) in [(STRONG_WORDS, true), (WEAK_WORDS, false)] {
                    for w in list.iter().copied() {
                        match words.iter().position(|x| *x == w) {
                            Some(i) => strong[i] |= is_strong,
                            None => {
                                words.push(w);
                                strong.push(is_strong);
                            }
                        }
                    }
                }
                aho_corasick::AhoCorasick::builder()
                    .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                    .build(&words)
                    .ok()
                    .map(|ac| (ac, strong))
            },
            not_typos,
        }
    }

    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    /// The brand whose official domain `input` is (or a subdomain of), if any.
    pub fn official_owner(&self, input: &str) -> Option<&BrandSpec> {
        let host = parse_host(input)?;
        self.registry.official_domain_owner(&host.ascii)
    }

    /// The brand that holds `host`: its official domains, and for brands with `any_cctld`
    /// their official labels under any country-code TLD (`google.co.ve`). Such hosts are
    /// never scored as impersonations; only official domains make an `official` verdict.
    pub fn held_by(&self, host: &Host) -> Option<&BrandSpec> {
        if let Some(b) = self.registry.official_domain_owner(&host.ascii) {
            return Some(b);
        }
        let cctld = host.suffix.rsplit('.').next().is_some_and(|t| t.len() == 2);
        if !cctld || host.private_suffix {
            return None;
        }
        self.registry.brands().iter().find(|b| {
            b.any_cctld
                && b.official_domains
                    .iter()
                    .any(|d| d.split('.').next() == Some(host.label.as_str()))
        })
    }

    /// Scores `input` (a domain or URL). `None`: not a domain, official, or no imitation found.
    pub fn score(&self, input: &str) -> Option<Impersonation> {
        let host = parse_host(input)?;
        self.score_host(&host)
    }

    pub fn score_host(&self, host: &Host) -> Option<Impersonation> {
        if self.held_by(host).is_some() {
            return None;
        }
        let mut best: Option<Candidate> = None;
        let mut offer = |c: Candidate| {
            let better = match &best {
                None => true,
                Some(b) => {
                    c.score > b.score
                        || (c.score == b.score && c.techniques.len() > b.techniques.len())
                }
            };
            if better {
                best = Some(c);
            }
        };

        let label = host.label.as_str();
        let plain = fold::plain(label);
        let non_ascii = !label.is_ascii();

        // 1. The registrable label against protected labels.
        if let Some(c) = self.match_label(label, &plain, non_ascii, Some(&host.suffix)) {
            let c = if c.techniques == [Technique::TldSwap] && host.private_suffix {
                Candidate {
                    techniques: vec![Technique::HostedBrand],
                    score: 0.6,
                    ..c
                }
            } else {
                c
            };
            offer(c);
        }

        // 2. Combosquats in the registrable label (hyphenated parts or concatenation).
        if let Some(c) = self.match_combo(&plain, non_ascii) {
            offer(c);
        }

        // 3. The protected label split by dots (`micro.soft.com`).
        if !host.subdomains.is_empty() {
            let mut joined: String = host.subdomains.iter().map(|s| fold::plain(s)).collect();
            joined.push_str(&plain);
            if let Some(l) = self.labels.iter().find(|l| l.label == joined) {
                offer(Candidate::new(
                    l.brand,
                    &l.label,
                    vec![Technique::SubdomainSplit],
                    0.85,
                ));
            }
        }

        // 4. Subdomain tricks.
        if let Some(c) = self.match_subdomains(host, &plain) {
            offer(c);
        }

        let c = best?;
        let brand = self.registry.brand(c.brand)?.name.clone();
        let explanation = format!(
            "{} {}",
            host.ascii,
            c.techniques
                .iter()
                .map(|t| t.describe(&brand, &c.imitates))
                .collect::<Vec<_>>()
                .join("; ")
        );
        Some(Impersonation {
            brand,
            imitates: c.imitates,
            techniques: c.techniques,
            score: c.score,
            explanation,
        })
    }

    /// True for ordinary words near a protected label (`mail`, `hmail` for `gmail`).
    fn is_ordinary(&self, plain: &str) -> bool {
        self.not_typos.contains(plain)
            || plain
                .char_indices()
                .nth(1)
                .is_some_and(|(i, _)| self.not_typos.contains(&plain[i..]))
    }

    /// The registrable label (or a part of it) against protected labels. `suffix` is the
    /// public suffix when `label` is a whole registrable label, for TLD swaps.
    fn match_label(
        &self,
        label: &str,
        plain: &str,
        non_ascii: bool,
        suffix: Option<&str>,
    ) -> Option<Candidate> {
        if plain.is_empty() || plain.len() > 64 {
            return None;
        }
        let ordinary = self.is_ordinary(plain);
        let visual = fold::visual(label);
        let visual_match = self.visuals.get(&visual).copied();
        let plain_chars: Vec<char> = plain.chars().collect();
        let mut best: Option<Candidate> = None;
        for (index, l) in self.labels.iter().enumerate() {
            let short = l.chars.len() <= TYPO_MIN_LEN;
            let found = if plain == l.label {
                if non_ascii {
                    let mut t = vec![Technique::Homoglyph, Technique::Idn];
                    if is_mixed_script(label) {
                        t.push(Technique::MixedScript);
                    }
                    Some((t, 0.95))
                } else if suffix.is_some() {
                    Some((vec![Technique::TldSwap], 0.8))
                } else {
                    None
                }
            } else if visual_match == Some(index) && (non_ascii || !ordinary) {
                let mut t = vec![Technique::Homoglyph];
                if non_ascii {
                    t.push(Technique::Idn);
                    if is_mixed_script(label) {
                        t.push(Technique::MixedScript);
                    }
                }
                let s = if non_ascii {
                    0.95
                } else if short {
                    0.75
                } else {
                    0.9
                };
                Some((t, s))
            } else if l.chars.len() >= TYPO_MIN_LEN && !ordinary {
                self.classify_edit(&plain_chars, &l.chars).map(|(t, s)| {
                    let mut ts = vec![t];
                    if non_ascii {
                        ts.push(Technique::Idn);
                    }
                    // Five-letter labels are often ordinary words one edit from others.
                    (ts, if short { s * 0.85 } else { s })
                })
            } else {
                None
            };
            if let Some((t, s)) = found
                && best.as_ref().is_none_or(|b| s > b.score)
            {
                best = Some(Candidate::new(l.brand, &l.label, t, s));
            }
        }
        best
    }

    /// One edit between `cand` and `brand` (both plain), classified the way dnstwist's
    /// fuzzers would have produced it. Returns the technique and its score.
    fn classify_edit(&self, cand: &[char], brand: &[char]) -> Option<(Technique, f32)> {
        let near = |a: char, b: char| self.keyboard.get(&a).is_some_and(|n| n.contains(&b));
        match cand.len() as isize - brand.len() as isize {
            0 => {
                let diffs: Vec<usize> = (0..cand.len()).filter(|&i| cand[i] != brand[i]).collect();
                match diffs.as_slice() {
                    [i] => {
                        let (b, c) = (brand[*i], cand[*i]);
                        Some(if near(b, c) {
                            (Technique::Replacement, 0.85)
                        } else if is_vowel(b) && is_vowel(c) {
                            (Technique::VowelSwap, 0.85)
                        } else if b.is_ascii()
                            && c.is_ascii()
                            && (b as u32 ^ c as u32).count_ones() == 1
                        {
                            (Technique::Bitsquatting, 0.8)
                        } else {
                            (Technique::Typo, 0.75)
                        })
                    }
                    [i, j] if *j == i + 1 && cand[*i] == brand[*j] && cand[*j] == brand[*i] => {
                        Some((Technique::Transposition, 0.85))
                    }
                    _ => None,
                }
            }
            1 => {
                let i = (0..brand.len())
                    .find(|&i| cand[i] != brand[i])
                    .unwrap_or(brand.len());
                if cand[i + 1..] != brand[i..] {
                    // The plural fuzzer also inserts "es" after s/x/z.
                    return None;
                }
                let c = cand[i];
                let prev = i.checked_sub(1).map(|p| cand[p]);
                let next = cand.get(i + 1).copied();
                Some(if c == '-' {
                    (Technique::Hyphenation, 0.8)
                } else if prev == Some(c) || next == Some(c) {
                    (Technique::Repetition, 0.85)
                } else if i == brand.len() {
                    (Technique::Addition, 0.8)
                } else if prev.is_some_and(|p| near(p, c)) || next.is_some_and(|n| near(n, c)) {
                    (Technique::Insertion, 0.85)
                } else if c == 's' {
                    (Technique::Plural, 0.8)
                } else {
                    (Technique::Typo, 0.75)
                })
            }
            2 => {
                let i = (0..brand.len())
                    .find(|&i| cand[i] != brand[i])
                    .unwrap_or(brand.len());
                let ok = i > 0
                    && matches!(brand[i - 1], 's' | 'x' | 'z')
                    && cand[i] == 'e'
                    && cand[i + 1] == 's'
                    && cand[i + 2..] == brand[i..];
                ok.then_some((Technique::Plural, 0.8))
            }
            -1 => {
                let i = (0..cand.len())
                    .find(|&i| cand[i] != brand[i])
                    .unwrap_or(cand.len());
                (cand[i..] == brand[i + 1..]).then_some((Technique::Omission, 0.85))
            }
            _ => None,
        }
    }

    fn match_combo(&self, plain: &str, non_ascii: bool) -> Option<Candidate> {
        let parts: Vec<&str> = plain.split('-').filter(|p| !p.is_empty()).collect();
        let mut best: Option<Candidate> = None;
        let mut consider = |c: Candidate| {
            if best.as_ref().is_none_or(|b| c.score > b.score) {
                best = Some(c);
            }
        };
        // Hyphenated: one part is a brand token, or a look-alike of a protected label.
        if parts.len() > 1 {
            for (pi, part) in parts.iter().enumerate() {
                let rest = parts
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != pi)
                    .map(|(_, p)| self.phrase(p))
                    .max()
                    .unwrap_or(Phrase::Other);
                for t in self.tokens.iter().filter(|t| t.token == *part) {
                    if let Some(s) = combo_score(t, rest) {
                        consider(Candidate::new(
                            t.brand,
                            &t.token,
                            vec![Technique::Combosquat],
                            s,
                        ));
                    }
                }
                if part.chars().count() < 6 {
                    continue;
                }
                if let Some(c) = self.match_label(part, part, non_ascii, None) {
                    let mut t = c.techniques.clone();
                    t.push(Technique::Combosquat);
                    let s = match rest {
                        Phrase::Strong => 0.9f32.max(c.score),
                        Phrase::Weak => c.score.min(0.8),
                        Phrase::Other => c.score.min(0.65),
                    };
                    consider(Candidate {
                        techniques: t,
                        score: s,
                        ..c
                    });
                }
            }
        }
        let joined: String = parts.concat();
        // Concatenated look-alike: a typo or homoglyph of a protected label run together with
        // scam or filler words (`m1crosoftteam`, `paypa1secure`).
        let n = joined.len();
        if (7..=48).contains(&n) && joined.is_ascii() {
            for cut in 1..n {
                let (a, b) = joined.split_at(cut);
                for (part, rest) in [(a, b), (b, a)] {
                    if part.len() < 5 || rest.len() < 2 {
                        continue;
                    }
                    let phrase = self.phrase(rest);
                    if phrase == Phrase::Other {
                        continue;
                    }
                    if let Some(c) = self.match_label(part, part, false, None) {
                        let mut t = c.techniques.clone();
                        t.push(Technique::Combosquat);
                        let s = if phrase == Phrase::Strong {
                            0.9f32.max(c.score)
                        } else {
                            c.score.min(0.8)
                        };
                        consider(Candidate {
                            techniques: t,
                            score: s,
                            ..c
                        });
                    }
                }
            }
        }
        // Concatenated: a token inside the label, the rest made of scam or filler words.
        let matches = self
            .token_matcher
            .iter()
            .flat_map(|ac| ac.find_overlapping_iter(&joined));
        for m in matches {
            let t = &self.tokens[m.pattern().as_usize()];
            if joined.len() == t.token.len() {
                continue;
            }
            let (a, b) = (&joined[..m.start()], &joined[m.end()..]);
            let pa = if a.is_empty() {
                None
            } else {
                Some(self.phrase(a))
            };
            let pb = if b.is_empty() {
                None
            } else {
                Some(self.phrase(b))
            };
            let rest = match (pa, pb) {
                (Some(Phrase::Other), _) | (_, Some(Phrase::Other)) => Phrase::Other,
                (Some(Phrase::Strong), _) | (_, Some(Phrase::Strong)) => Phrase::Strong,
                _ => Phrase::Weak,
            };
            // dnstwist's `various`: the label and its TLD run together (`microsoftcom.com`).
            let tld_word = a.is_empty() && b == "com";
            if tld_word {
                consider(Candidate::new(
                    t.brand,
                    &t.token,
                    vec![Technique::Combosquat],
                    0.8,
                ));
            } else if rest != Phrase::Other
                && let Some(s) = combo_score(t, rest)
            {
                consider(Candidate::new(
                    t.brand,
                    &t.token,
                    vec![Technique::Combosquat],
                    s,
                ));
            }
        }
        best
    }

    /// Classifies `s` as a run of scam words, of filler words, or anything else. Digits are
    /// allowed between words (`help24`).
    fn phrase(&self, s: &str) -> Phrase {
        let s = s.trim_matches(|c: char| c.is_ascii_digit() || c == '-');
        if s.is_empty() || s.len() > 48 || !s.is_ascii() {
            return Phrase::Other;
        }
        // Word break over both vocabularies; `strong[i]`: position i reachable through at
        // least one scam word. Every occurrence of every word (2 to 16 bytes) is found in one
        // pass, then the positions are walked left to right.
        let Some((vocab, is_strong)) = &self.vocab else {
            return Phrase::Other;
        };
        let n = s.len();
        let mut words_at: Vec<Vec<(usize, bool)>> = vec![Vec::new(); n];
        for m in vocab.find_overlapping_iter(s) {
            if (2..=16).contains(&m.len()) {
                words_at[m.start()].push((m.end(), is_strong[m.pattern().as_usize()]));
            }
        }
        let mut any = vec![false; n + 1];
        let mut strong = vec![false; n + 1];
        any[0] = true;
        for i in 0..n {
            if !any[i] {
                continue;
            }
            if s.as_bytes()[i].is_ascii_digit() {
                any[i + 1] = true;
                strong[i + 1] |= strong[i];
                continue;
            }
            for &(j, scam) in &words_at[i] {
                any[j] = true;
                strong[j] |= scam || strong[i];
            }
        }
        match (any[n], strong[n]) {
            (true, true) => Phrase::Strong,
            (true, false) => Phrase::Weak,
            _ => Phrase::Other,
        }
    }

    fn match_subdomains(&self, host: &Host, plain: &str) -> Option<Candidate> {
        if host.subdomains.is_empty() {
            return None;
        }
        let subs: Vec<String> = host.subdomains.iter().map(|s| fold::plain(s)).collect();
        let reg = plain
            .split('-')
            .map(|p| self.phrase(p))
            .max()
            .unwrap_or(Phrase::Other);
        // An official domain written as subdomains: microsoft.com.fix-pc.net.
        for i in 0..subs.len() {
            let tail = subs[i..].join(".");
            if let Some(b) = self.registry.official_domain_owner(&tail)
                && let Some(idx) = self.registry.brands().iter().position(|x| x.name == b.name)
            {
                return Some(Candidate::new(
                    idx,
                    &tail,
                    vec![Technique::SubdomainTrick],
                    0.9,
                ));
            }
        }
        let mut best: Option<Candidate> = None;
        for s in &subs {
            for part in s.split('-') {
                for t in self.tokens.iter().filter(|t| t.token == part) {
                    let score = match (t.distinctive, reg) {
                        (true, Phrase::Strong) => 0.85,
                        (true, _) => 0.6,
                        (false, Phrase::Strong) => 0.7,
                        (false, _) => continue,
                    };
                    if best.as_ref().is_none_or(|b| score > b.score) {
                        best = Some(Candidate::new(
                            t.brand,
                            &t.token,
                            vec![Technique::SubdomainTrick],
                            score,
                        ));
                    }
                }
            }
        }
        best
    }
}

/// What the words beside a brand token are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Phrase {
    Other,
    Weak,
    Strong,
}

fn combo_score(t: &ComboToken, rest: Phrase) -> Option<f32> {
    match (t.distinctive, rest) {
        (true, Phrase::Strong) => Some(0.9),
        (true, Phrase::Weak) => Some(0.75),
        (true, Phrase::Other) => Some(0.6),
        (false, Phrase::Strong) => Some(0.8),
        // `apple-store.com`: the brand's own name beside filler words.
        (false, Phrase::Weak) if t.own_name => Some(0.6),
        (false, _) => None,
    }
}

#[derive(Debug, Clone)]
struct Candidate {
    brand: usize,
    imitates: String,
    techniques: Vec<Technique>,
    score: f32,
}

impl Candidate {
    fn new(brand: usize, imitates: &str, techniques: Vec<Technique>, score: f32) -> Self {
        Self {
            brand,
            imitates: imitates.to_string(),
            techniques,
            score,
        }
    }
}
