//! Warninglists and brand data: values that are *not* scam infrastructure.
//!
//! Owns `data/brands.json` (impersonated brands: official domains, real support numbers per
//! country) and `data/warninglists.json` (webmail, cloud hosting, URL shorteners, gift-card
//! brands, emergency numbers). Matching rules: a phone matches when its E.164 value is listed;
//! a domain (or the host of a URL or e-mail) matches when it or any parent domain is listed,
//! the most specific entry winning (so `sites.google.com` is `cloud-hosting`, `google.com` is
//! `google-official-domains`); webmail and hosting entries override a brand's own entry for
//! the same domain (`outlook.com` is `webmail-providers`).

use foldhash::HashMap;
use std::sync::OnceLock;

use dragnet_core::IndicatorType;

/// A support number a brand really answers, per country.
#[derive(Debug, Clone, serde::Deserialize, serde::Serialize)]
pub struct SupportNumber {
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// E.164.
    pub number: String,
    /// `high` (published by the brand) or `uncertain` (believed right, not re-verified).
    pub confidence: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One impersonated brand, as `data/brands.json` describes it.
#[derive(Debug, Clone, serde::Deserialize, serde::Serialize)]
pub struct Brand {
    pub name: String,
    /// Lower-case ASCII identifier, used in warninglist names (`microsoft-official-support`).
    pub slug: String,
    pub aliases: Vec<String>,
    pub official_domains: Vec<String>,
    pub support_numbers: Vec<SupportNumber>,
    pub products: Vec<String>,
    pub languages: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip)]
    support_list: String,
    #[serde(skip)]
    domain_list: String,
}

impl Brand {
    /// Name of the warninglist holding this brand's support numbers.
    pub fn support_list(&self) -> &str {
        &self.support_list
    }
    /// Name of the warninglist holding this brand's official domains.
    pub fn domain_list(&self) -> &str {
        &self.domain_list
    }
}

#[derive(serde::Deserialize)]
struct BrandFile {
    brands: Vec<Brand>,
}

#[derive(serde::Deserialize)]
struct ListFile {
    #[serde(rename = "webmail-providers")]
    webmail: Vec<String>,
    #[serde(rename = "cloud-hosting")]
    cloud: Vec<String>,
    #[serde(rename = "url-shorteners")]
    shorteners: Vec<String>,
    #[serde(rename = "gift-card-brands")]
    gift_card_brands: Vec<String>,
    #[serde(rename = "emergency-numbers")]
    emergency: HashMap<String, Vec<String>>,
    #[serde(rename = "remote-access-vendors")]
    remote_vendors: Vec<String>,
}

pub const WEBMAIL: &str = "webmail-providers";
pub const CLOUD: &str = "cloud-hosting";
pub const SHORTENERS: &str = "url-shorteners";
pub const GIFT_CARD_BRANDS: &str = "gift-card-brands";
pub const EMERGENCY: &str = "emergency-numbers";
pub const REMOTE_VENDORS: &str = "remote-access-vendors";

/// The impersonated brands of `data/brands.json`, parsed once.
pub fn brands() -> &'static [Brand] {
    static BRANDS: OnceLock<Vec<Brand>> = OnceLock::new();
    BRANDS.get_or_init(|| {
        // Invariant: the file ships in the crate and `tests::data_files_parse` parses it.
        let file: BrandFile = serde_json::from_str(include_str!("../data/brands.json"))
            .expect("data/brands.json is valid");
        file.brands
            .into_iter()
            .map(|mut b| {
                b.support_list = format!("{}-official-support", b.slug);
                b.domain_list = format!("{}-official-domains", b.slug);
                b
            })
            .collect()
    })
}

/// Lookup tables built from both data files.
pub(crate) struct Warninglists {
    phones: HashMap<String, &'static str>,
    /// Brand-official and webmail domains: match the value or any parent.
    domains: HashMap<String, &'static str>,
    /// Hosting and shortener domains: exact match only, because their subdomains (and URLs
    /// on them) are the customer's own, i.e. possibly the scammer's.
    exact_domains: HashMap<String, &'static str>,
    gift_brands: Vec<String>,
    emergency: HashMap<String, Vec<&'static str>>,
}

fn list_file() -> &'static ListFile {
    static LISTS: OnceLock<ListFile> = OnceLock::new();
    LISTS.get_or_init(|| {
        // Invariant: the file ships in the crate and `tests::data_files_parse` parses it.
        serde_json::from_str(include_str!("../data/warninglists.json"))
            .expect("data/warninglists.json is valid")
    })
}

impl Warninglists {
    /// Whether the domain is a webmail provider's (an address there says nothing of its owner).
    pub(crate) fn is_webmail(&self, domain: &str) -> bool {
        self.domain(domain) == Some(WEBMAIL)
    }

    pub(crate) fn load() -> Self {
        let mut phones = HashMap::default();
        let mut domains = HashMap::default();
        for b in brands() {
            for n in &b.support_numbers {
                phones.insert(n.number.clone(), b.support_list());
            }
            for d in &b.official_domains {
                domains.insert(d.clone(), b.domain_list());
            }
        }
        let lists = list_file();
        for d in &lists.webmail {
            domains.insert(d.clone(), WEBMAIL);
        }
        for d in &lists.remote_vendors {
            domains.entry(d.clone()).or_insert(REMOTE_VENDORS);
        }
        let mut exact_domains = HashMap::default();
        for (names, list) in [(&lists.cloud, CLOUD), (&lists.shorteners, SHORTENERS)] {
            for d in names {
                exact_domains.insert(d.clone(), list);
            }
        }
        let mut emergency: HashMap<String, Vec<&'static str>> = HashMap::default();
        for (country, nums) in &lists.emergency {
            for n in nums {
                emergency
                    .entry(n.clone())
                    .or_default()
                    .push(country.as_str());
            }
        }
        Warninglists {
            phones,
            domains,
            exact_domains,
            gift_brands: lists
                .gift_card_brands
                .iter()
                .map(|s| s.to_lowercase())
                .collect(),
            emergency,
        }
    }

    /// The list a normalised domain (or host) is on: itself or its nearest listed parent.
    pub(crate) fn domain(&self, host: &str) -> Option<&'static str> {
        if let Some(l) = self.exact_domains.get(host) {
            return Some(l);
        }
        let mut rest = host;
        loop {
            if let Some(l) = self.domains.get(rest) {
                return Some(l);
            }
            match rest.find('.') {
                Some(i) => rest = &rest[i + 1..],
                None => return None,
            }
        }
    }

    /// Whether a short dialled number (`911`, `112`) is an emergency or police number.
    pub(crate) fn is_emergency(&self, digits: &str) -> bool {
        self.emergency.contains_key(digits)
    }

    pub(crate) fn warning(&self, ty: IndicatorType, value: &str) -> Option<&'static str> {
        match ty {
            IndicatorType::Phone => self.phones.get(value).copied().or_else(|| {
                self.is_emergency(value.trim_start_matches('+'))
                    .then_some(EMERGENCY)
            }),
            IndicatorType::Domain => self.domain(value),
            IndicatorType::Url => {
                let host = value.split_once("://").map(|x| x.1).unwrap_or(value);
                let host = host.split(['/', '?', '#']).next().unwrap_or(host);
                let host = host.rsplit_once('@').map(|x| x.1).unwrap_or(host);
                let host = host.split(':').next().unwrap_or(host);
                // Only a brand's own site, or a remote-access vendor's (its download page,
                // named in countless reports), makes a URL harmless: a path on a hosting or
                // shortener domain is the customer's, possibly the scammer's.
                self.domain(host)
                    .filter(|l| l.ends_with("-official-domains") || *l == REMOTE_VENDORS)
            }
            IndicatorType::Email => value.rsplit_once('@').and_then(|(_, d)| self.domain(d)),
            IndicatorType::GiftCard => {
                let v = value.to_lowercase().replace('_', " ");
                self.gift_brands.contains(&v).then_some(GIFT_CARD_BRANDS)
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_files_parse() {
        assert_eq!(brands().len(), 7);
        assert!(list_file().webmail.contains(&"gmail.com".to_string()));
    }

    #[test]
    fn support_numbers_are_valid_e164() {
        for b in brands() {
            for n in &b.support_numbers {
                let p = phonenumber::parse(None, &n.number)
                    .unwrap_or_else(|e| panic!("{} {}: {e:?}", b.name, n.number));
                assert!(p.is_valid(), "{} {} invalid", b.name, n.number);
                let e164 = p.format().mode(phonenumber::Mode::E164).to_string();
                assert_eq!(e164, n.number);
                let region = p.country().id().map(|id| id.as_ref().to_string());
                // NANP numbers (+1) share one plan: libphonenumber names the US for toll-free ones.
                if !n.number.starts_with("+1") {
                    assert_eq!(region.as_deref(), Some(n.country.as_str()), "{}", n.number);
                }
            }
        }
    }

    #[test]
    fn lookups() {
        let w = Warninglists::load();
        let cases: &[(IndicatorType, &str, Option<&str>)] = &[
            (
                IndicatorType::Phone,
                "+18006427676",
                Some("microsoft-official-support"),
            ),
            (
                IndicatorType::Phone,
                "+18882804331",
                Some("amazon-official-support"),
            ),
            (IndicatorType::Phone, "+18885550147", None),
            (IndicatorType::Phone, "911", Some(EMERGENCY)),
            (
                IndicatorType::Domain,
                "microsoft.com",
                Some("microsoft-official-domains"),
            ),
            (
                IndicatorType::Domain,
                "support.microsoft.com",
                Some("microsoft-official-domains"),
            ),
            (IndicatorType::Domain, "microsoft-help.com", None),
            (IndicatorType::Domain, "outlook.com", Some(WEBMAIL)),
            (IndicatorType::Domain, "sites.google.com", Some(CLOUD)),
            (IndicatorType::Domain, "evil.azurewebsites.net", None),
            (IndicatorType::Domain, "azurewebsites.net", Some(CLOUD)),
            (IndicatorType::Domain, "anydesk.com", Some(REMOTE_VENDORS)),
            (
                IndicatorType::Domain,
                "download.teamviewer.com",
                Some(REMOTE_VENDORS),
            ),
            (IndicatorType::Url, "https://bit.ly/3xYz", None),
            (
                IndicatorType::Url,
                "https://www.amazon.de/gp/help",
                Some("amazon-official-domains"),
            ),
            (IndicatorType::Email, "x@gmail.com", Some(WEBMAIL)),
            (
                IndicatorType::GiftCard,
                "Google Play",
                Some(GIFT_CARD_BRANDS),
            ),
            (
                IndicatorType::GiftCard,
                "google_play",
                Some(GIFT_CARD_BRANDS),
            ),
            (IndicatorType::Iban, "DE89370400440532013000", None),
        ];
        for (ty, v, want) in cases {
            assert_eq!(w.warning(*ty, v), *want, "{ty} {v}");
        }
    }
}
