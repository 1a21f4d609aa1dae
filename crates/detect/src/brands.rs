//! The registry of protected brands: who is impersonated, which domains and support numbers
//! are really theirs, and which name tokens a look-alike domain would borrow.
//!
//! The built-in list is `data/brands.json` of this crate (compiled in: the matching data,
//! typo labels and tokens) merged with `dragnet_extract::brands()` (the extraction crate's
//! official domains and support numbers, so both crates agree on what is official). Users extend it with a JSON
//! array of the same shape ([`BrandSpec`]); the CLI reads such a file and passes the parsed
//! value to [`Registry::with_extra`]. An extra entry whose `name` equals a built-in brand
//! (case-insensitively) is merged into it (lists are unioned), otherwise it is added.
//!
//! Matching rules that depend on this data:
//! - `official_domains`: the domain and every subdomain of it is official and never flagged.
//! - `typo_labels`: registrable labels protected against typosquats, homoglyphs and TLD swaps.
//! - `combo_tokens.distinctive`: a token that alone names the brand (`microsoft`), so
//!   `microsoft-anything.com` is suspicious; `combo_tokens.generic`: a token that is also an
//!   ordinary word (`windows`, `apple`), flagged only beside scam vocabulary
//!   (`windows-defender-alert.com`).
//! - `not_typos`: ordinary words near a protected label (`mail`, `cloud`), never typosquats.
//! - `any_cctld`: the brand holds its labels under country-code TLDs; a ccTLD swap is not reported.
//! - `support_numbers`: E.164 numbers per ISO country; a check of one of them is `official`.

use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeMap;

/// One brand as the JSON data describes it.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BrandSpec {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub official_domains: Vec<String>,
    /// ISO 3166-1 alpha-2 country -> E.164 numbers.
    #[serde(default)]
    pub support_numbers: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub products: Vec<String>,
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default)]
    pub typo_labels: Vec<String>,
    #[serde(default)]
    pub combo_tokens: ComboTokens,
    /// Ordinary words one edit away from a protected label (`mail` for `gmail`): never
    /// reported as typosquats; a word here also covers `<any letter><word>` (`hmail`).
    #[serde(default)]
    pub not_typos: Vec<String>,
    /// The brand holds the labels of its official domains under most country-code TLDs
    /// (`google.co.ve`): such names are not reported as TLD swaps (nor called official).
    #[serde(default)]
    pub any_cctld: bool,
}

/// Name tokens a combosquat borrows; see the module docs.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComboTokens {
    #[serde(default)]
    pub distinctive: Vec<String>,
    #[serde(default)]
    pub generic: Vec<String>,
}

/// Why a user brand file was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrandError {
    /// Index of the offending entry in the user's array (`None`: the whole value).
    pub index: Option<usize>,
    pub reason: String,
}

impl std::fmt::Display for BrandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.index {
            Some(i) => write!(f, "brand #{i}: {}", self.reason),
            None => write!(f, "brands: {}", self.reason),
        }
    }
}

impl std::error::Error for BrandError {}

const BUILTIN_JSON: &str = include_str!("../data/brands.json");

/// The brands with lookup indexes built once (domains, numbers, tokens).
#[derive(Debug, Clone)]
pub struct Registry {
    brands: Vec<BrandSpec>,
    /// Official domain (lower-case ASCII) -> brand index.
    official_domains: HashMap<String, usize>,
    /// E.164 number -> brand index.
    official_numbers: HashMap<String, usize>,
}

impl Registry {
    /// The built-in brands of `data/brands.json`.
    pub fn builtin() -> Self {
        Self::from_specs(builtin_specs())
    }

    /// The built-in brands plus a user's: `extra` is the parsed JSON array (see module docs).
    pub fn with_extra(extra: &serde_json::Value) -> Result<Self, BrandError> {
        let list = extra.as_array().ok_or_else(|| BrandError {
            index: None,
            reason: "expected a JSON array of brands".into(),
        })?;
        let mut specs = builtin_specs();
        for (i, v) in list.iter().enumerate() {
            let spec: BrandSpec = serde_json::from_value(v.clone()).map_err(|e| BrandError {
                index: Some(i),
                reason: e.to_string(),
            })?;
            validate(&spec).map_err(|reason| BrandError {
                index: Some(i),
                reason,
            })?;
            let spec = lowercase_spec(spec);
            match specs
                .iter_mut()
                .find(|b| b.name.eq_ignore_ascii_case(&spec.name))
            {
                Some(existing) => merge(existing, spec),
                None => specs.push(spec),
            }
        }
        Ok(Self::from_specs(specs))
    }

    fn from_specs(brands: Vec<BrandSpec>) -> Self {
        let mut official_domains = HashMap::default();
        let mut official_numbers = HashMap::default();
        for (i, b) in brands.iter().enumerate() {
            for d in &b.official_domains {
                official_domains.entry(d.clone()).or_insert(i);
            }
            for nums in b.support_numbers.values() {
                for n in nums {
                    official_numbers.entry(n.clone()).or_insert(i);
                }
            }
        }
        Self {
            brands,
            official_domains,
            official_numbers,
        }
    }

    pub fn brands(&self) -> &[BrandSpec] {
        &self.brands
    }

    pub fn brand(&self, index: usize) -> Option<&BrandSpec> {
        self.brands.get(index)
    }

    /// The brand owning `host` (lower-case ASCII) or a parent domain of it.
    pub fn official_domain_owner(&self, host: &str) -> Option<&BrandSpec> {
        let mut rest = host.trim_end_matches('.');
        loop {
            if let Some(&i) = self.official_domains.get(rest) {
                return self.brands.get(i);
            }
            match rest.find('.') {
                Some(p) => rest = &rest[p + 1..],
                None => return None,
            }
        }
    }

    /// The brand whose official support number `e164` is.
    pub fn official_number_owner(&self, e164: &str) -> Option<&BrandSpec> {
        self.official_numbers
            .get(e164)
            .and_then(|&i| self.brands.get(i))
    }
}

fn builtin_specs() -> Vec<BrandSpec> {
    // Invariant: data/brands.json is part of the crate and its parse is tested
    // (`builtin_registry_parses`); an empty registry would only disable detection.
    let mut specs: Vec<BrandSpec> = serde_json::from_str::<Vec<BrandSpec>>(BUILTIN_JSON)
        .unwrap_or_default()
        .into_iter()
        .map(lowercase_spec)
        .collect();
    for b in dragnet_extract::brands() {
        let mut extra = BrandSpec {
            name: b.name.clone(),
            aliases: b.aliases.clone(),
            products: b.products.clone(),
            languages: b.languages.clone(),
            ..BrandSpec::default()
        };
        for n in &b.support_numbers {
            extra
                .support_numbers
                .entry(n.country.clone())
                .or_default()
                .push(n.number.clone());
        }
        // A domain another brand already claims stays with it (avast.com: Avast, not Norton).
        extra.official_domains = b
            .official_domains
            .iter()
            .map(|d| d.to_lowercase())
            .filter(|d| !specs.iter().any(|s| s.official_domains.contains(d)))
            .collect();
        match specs
            .iter_mut()
            .find(|s| s.name.eq_ignore_ascii_case(&b.name))
        {
            Some(existing) => merge(existing, extra),
            None => specs.push(lowercase_spec(extra)),
        }
    }
    specs
}

fn validate(spec: &BrandSpec) -> Result<(), String> {
    if spec.name.trim().is_empty() {
        return Err("`name` must not be empty".into());
    }
    for d in &spec.official_domains {
        if d.is_empty() || d.contains(|c: char| c.is_whitespace() || c == '/') {
            return Err(format!("`{d}` in official_domains is not a domain"));
        }
    }
    for (country, nums) in &spec.support_numbers {
        if dragnet_core::Country::parse(country).is_err() {
            return Err(format!(
                "`{country}` in support_numbers is not an ISO 3166-1 alpha-2 code"
            ));
        }
        for n in nums {
            let digits = n.strip_prefix('+').unwrap_or("");
            if digits.len() < 6 || digits.len() > 15 || !digits.bytes().all(|b| b.is_ascii_digit())
            {
                return Err(format!(
                    "`{n}` in support_numbers is not an E.164 number (+ and 6-15 digits)"
                ));
            }
        }
    }
    Ok(())
}

fn lowercase_spec(mut s: BrandSpec) -> BrandSpec {
    let low = |v: &mut Vec<String>| {
        for x in v.iter_mut() {
            *x = x.trim().trim_end_matches('.').to_lowercase();
        }
    };
    low(&mut s.official_domains);
    low(&mut s.typo_labels);
    low(&mut s.combo_tokens.distinctive);
    low(&mut s.combo_tokens.generic);
    low(&mut s.not_typos);
    s
}

fn merge(into: &mut BrandSpec, from: BrandSpec) {
    fn union(a: &mut Vec<String>, b: Vec<String>) {
        for x in b {
            if !a.contains(&x) {
                a.push(x);
            }
        }
    }
    union(&mut into.aliases, from.aliases);
    union(&mut into.official_domains, from.official_domains);
    union(&mut into.products, from.products);
    union(&mut into.languages, from.languages);
    union(&mut into.typo_labels, from.typo_labels);
    union(
        &mut into.combo_tokens.distinctive,
        from.combo_tokens.distinctive,
    );
    union(&mut into.combo_tokens.generic, from.combo_tokens.generic);
    union(&mut into.not_typos, from.not_typos);
    into.any_cctld |= from.any_cctld;
    for (c, nums) in from.support_numbers {
        union(into.support_numbers.entry(c).or_default(), nums);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_registry_parses() {
        let parsed: Vec<BrandSpec> = serde_json::from_str(BUILTIN_JSON).unwrap();
        assert!(parsed.len() >= 10);
        for b in &parsed {
            assert_eq!(validate(b), Ok(()), "{}", b.name);
        }
        let names: Vec<&str> = parsed.iter().map(|b| b.name.as_str()).collect();
        for n in [
            "Microsoft",
            "Amazon",
            "Apple",
            "PayPal",
            "Google",
            "Norton",
            "McAfee",
        ] {
            assert!(names.contains(&n), "{n} missing");
        }
    }

    #[test]
    fn official_domains_cover_subdomains_only() {
        let r = Registry::builtin();
        let cases = [
            ("microsoft.com", Some("Microsoft")),
            ("support.microsoft.com", Some("Microsoft")),
            ("a.b.amazon.co.uk", Some("Amazon")),
            ("notmicrosoft.com", None),
            ("microsoft.com.fix-pc.net", None),
            ("com", None),
        ];
        for (host, want) in cases {
            assert_eq!(
                r.official_domain_owner(host).map(|b| b.name.as_str()),
                want,
                "{host}"
            );
        }
        assert_eq!(
            r.official_number_owner("+18006427676")
                .map(|b| b.name.as_str()),
            Some("Microsoft")
        );
        assert_eq!(r.official_number_owner("+18885550147"), None);
    }

    #[test]
    fn user_brands_merge_and_add() {
        let extra = serde_json::json!([
            {"name": "microsoft", "official_domains": ["Microsoft.CH"], "support_numbers": {"CH": ["+41800000000"]}},
            {"name": "Contoso Bank", "official_domains": ["contoso-bank.example"], "typo_labels": ["contosobank"]}
        ]);
        let r = Registry::with_extra(&extra).unwrap();
        assert_eq!(
            r.official_domain_owner("www.microsoft.ch")
                .map(|b| b.name.as_str()),
            Some("Microsoft")
        );
        assert_eq!(
            r.official_number_owner("+41800000000")
                .map(|b| b.name.as_str()),
            Some("Microsoft")
        );
        assert_eq!(
            r.official_domain_owner("contoso-bank.example")
                .map(|b| b.name.as_str()),
            Some("Contoso Bank")
        );
        assert_eq!(r.brands().len(), Registry::builtin().brands().len() + 1);
    }

    #[test]
    fn bad_user_brands_are_rejected_with_their_index() {
        let cases = [
            (
                serde_json::json!({"name": "x"}),
                None,
                "expected a JSON array of brands",
            ),
            (
                serde_json::json!([{"name": " "}]),
                Some(0),
                "`name` must not be empty",
            ),
            (
                serde_json::json!([{"name": "a"}, {"name": "b", "support_numbers": {"XX": []}}]),
                Some(1),
                "`XX` in support_numbers is not an ISO 3166-1 alpha-2 code",
            ),
            (
                serde_json::json!([{"name": "b", "support_numbers": {"US": ["0800 123"]}}]),
                Some(0),
                "`0800 123` in support_numbers is not an E.164 number (+ and 6-15 digits)",
            ),
        ];
        for (value, index, reason) in cases {
            let err = Registry::with_extra(&value).unwrap_err();
            assert_eq!((err.index, err.reason.as_str()), (index, reason));
        }
        let unknown =
            Registry::with_extra(&serde_json::json!([{"name": "a", "colour": "red"}])).unwrap_err();
        assert_eq!(unknown.index, Some(0));
        assert!(
            unknown.reason.starts_with("unknown field `colour`"),
            "{}",
            unknown.reason
        );
    }
}
