//! The "is this a scam?" verdict: one value, a free text or a saved page in; `scam`,
//! `suspicious`, `official` or `unknown` out, with a score, reasons in the reader's
//! language, what the store knows, and the guidance that applies.
//!
//! Rules, in order:
//! 1. The input is classified (when not typed) and normalised by `dragnet-extract`; a typed
//!    value that does not parse is the user's error ([`CheckError`]).
//! 2. `official`: a brand's real support number, or a host that is (or is under) a brand's
//!    official domain, unless the extraction warninglists say it is free webmail or user
//!    hosting (`gmail.com` addresses, `sites.google.com` pages are anyone's).
//! 3. Evidence combines as noisy-or: reports in the store (1: 0.6, 2: 0.75, 3+: 0.85; any
//!    operation: 0.9), domain impersonation score, text-signal score, page score. A text or
//!    page scoring 0.7 or more (several independent scam signals) counts as 0.8.
//! 4. Score >= 0.8: `scam`; >= 0.45: `suspicious`; otherwise `unknown` (we know nothing bad,
//!    which is not the same as safe). A text or page whose indicators are all official and
//!    that scores under 0.45 is `official`.

use dragnet_core::{Country, Indicator, IndicatorType, RawIndicator};

use crate::Detector;
use crate::domain::{Impersonation, parse_host};
use crate::lang::{Lang, Text4};
use crate::page::PageAnalysis;
use crate::text::{SignalHit, round2};

/// What is checked.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum CheckInput {
    /// One value whose type is guessed: phone, URL, domain, e-mail, remote-access ID, wallet,
    /// IBAN; anything else is treated as text.
    Value(String),
    /// One value of a stated type.
    Typed { ty: IndicatorType, value: String },
    /// Free text: a message, an e-mail, a call script.
    Text(String),
    /// A saved HTML page.
    Page(String),
}

/// How many reports and operations (clusters) of the store contain an indicator.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Matches {
    pub reports: u64,
    pub operations: u64,
}

/// What the store knows; implemented by the storage layer over its in-memory index.
pub trait Knowledge {
    /// Reports and operations containing the indicator with this key (`type:value`, as
    /// [`Indicator::key`] builds it, e.g. `phone:+18885550147`).
    fn lookup(&self, key: &str) -> Matches;
}

/// A store that knows nothing (tests, offline checks).
#[derive(Debug, Clone, Copy, Default)]
pub struct NoKnowledge;

impl Knowledge for NoKnowledge {
    fn lookup(&self, _key: &str) -> Matches {
        Matches::default()
    }
}

impl<F: Fn(&str) -> Matches> Knowledge for F {
    fn lookup(&self, key: &str) -> Matches {
        self(key)
    }
}

/// The four verdicts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VerdictKind {
    Scam,
    Suspicious,
    Official,
    Unknown,
}

/// One reason, with a stable code and a sentence in the requested language.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Reason {
    pub code: String,
    pub text: String,
}

/// What the store knows about one indicator of the input.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct IndicatorMatch {
    pub key: String,
    pub reports: u64,
    pub operations: u64,
}

/// The answer to a check.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Verdict {
    pub verdict: VerdictKind,
    /// 0..1: how strongly the evidence points to a scam.
    pub score: f32,
    /// `phone`, `domain`, … for a value; `text` or `page`.
    pub input_type: String,
    pub lang: Lang,
    pub reasons: Vec<Reason>,
    pub indicators: Vec<Indicator>,
    /// Per-indicator store matches (only indicators with at least one match).
    pub matches: Vec<IndicatorMatch>,
    /// The largest counts over `matches`: at least this many reports and operations.
    pub totals: Matches,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impersonation: Option<Impersonation>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signals: Vec<SignalHit>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<PageAnalysis>,
    pub guidance: Vec<String>,
}

/// A typed value that is not what its type says (the user's fault: a 4xx).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CheckError {
    pub field: String,
    pub reason: String,
}

impl std::fmt::Display for CheckError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.reason)
    }
}

impl std::error::Error for CheckError {}

/// Longest input accepted; longer text is cut (at a character boundary) before analysis.
pub const MAX_INPUT: usize = 1 << 20;

const SCAM: f32 = 0.8;
const SUSPICIOUS: f32 = 0.45;

// ---- Sentences (en, de, es, fr). `{brand}`, `{n}`, `{m}`, `{what}` are filled in. ----

const R_OFFICIAL_NUMBER: Text4 = [
    "This is an official support number of {brand}.",
    "Dies ist eine offizielle Support-Nummer von {brand}.",
    "Es un número de soporte oficial de {brand}.",
    "C'est un numéro d'assistance officiel de {brand}.",
];
const R_OFFICIAL_DOMAIN: Text4 = [
    "This address belongs to {brand}.",
    "Diese Adresse gehört {brand}.",
    "Esta dirección pertenece a {brand}.",
    "Cette adresse appartient à {brand}.",
];
const R_WEBMAIL: Text4 = [
    "Anyone can open a free mailbox at this provider; a message from it does not come from a company.",
    "Bei diesem Anbieter kann jeder ein kostenloses Postfach eröffnen; eine Nachricht von dort stammt nicht von einer Firma.",
    "Cualquiera puede abrir un buzón gratuito en este proveedor; un mensaje desde ahí no viene de una empresa.",
    "N'importe qui peut ouvrir une boîte gratuite chez ce fournisseur ; un message venant de là ne vient pas d'une entreprise.",
];
const R_BRAND_ON_WEBMAIL: Text4 = [
    "A free mailbox named like {brand}: companies do not write to customers from free mail services.",
    "Ein kostenloses Postfach mit dem Namen von {brand}: Firmen schreiben Kunden nicht von Freemail-Diensten.",
    "Un buzón gratuito con el nombre de {brand}: las empresas no escriben a sus clientes desde correos gratuitos.",
    "Une boîte gratuite au nom de {brand} : les entreprises n'écrivent pas à leurs clients depuis une messagerie gratuite.",
];
const R_HOSTING: Text4 = [
    "This is user content on a public hosting service ({what}); anyone can publish there.",
    "Dies sind Nutzerinhalte auf einem öffentlichen Hosting-Dienst ({what}); dort kann jeder veröffentlichen.",
    "Es contenido de usuarios en un servicio de alojamiento público ({what}); cualquiera puede publicar ahí.",
    "C'est un contenu d'utilisateur sur un hébergement public ({what}) ; tout le monde peut y publier.",
];
const R_SHORTENER: Text4 = [
    "This is a link shortener: it hides where the link really goes.",
    "Dies ist ein Link-Kürzer: Er verbirgt, wohin der Link wirklich führt.",
    "Es un acortador de enlaces: oculta a dónde lleva realmente.",
    "C'est un raccourcisseur de liens : il cache la vraie destination.",
];
const R_REPORTED: Text4 = [
    "{what} appears in {n} scam report(s) and {m} known operation(s).",
    "{what} kommt in {n} Betrugsmeldung(en) und {m} bekannten Operation(en) vor.",
    "{what} aparece en {n} denuncia(s) de estafa y {m} operación(es) conocida(s).",
    "{what} figure dans {n} signalement(s) d'arnaque et {m} opération(s) connue(s).",
];
const R_MENTIONED: Text4 = [
    "{what} is named in {n} report(s): victims often quote the real number when they tell what happened.",
    "{what} wird in {n} Meldung(en) genannt: Opfer nennen oft auch die echte Nummer, wenn sie schildern, was geschah.",
    "{what} se menciona en {n} denuncia(s): las víctimas suelen citar también el número real al contar lo sucedido.",
    "{what} est cité dans {n} signalement(s) : les victimes citent souvent aussi le vrai numéro en racontant ce qui s'est passé.",
];
const R_IMPERSONATION: Text4 = [
    "{what} imitates {brand} ({n}).",
    "{what} ahmt {brand} nach ({n}).",
    "{what} imita a {brand} ({n}).",
    "{what} imite {brand} ({n}).",
];
const R_NOTHING: Text4 = [
    "We have no reports about this yet.",
    "Dazu liegen uns noch keine Meldungen vor.",
    "Aún no tenemos denuncias sobre esto.",
    "Nous n'avons encore aucun signalement à ce sujet.",
];

const G_OFFICIAL_NUMBER: Text4 = [
    "If someone called you claiming to be {brand}, hang up and call this number yourself.",
    "Wenn Sie jemand im Namen von {brand} angerufen hat: legen Sie auf und rufen Sie selbst diese Nummer an.",
    "Si alguien le llamó diciendo ser de {brand}, cuelgue y llame usted mismo a este número.",
    "Si quelqu'un vous a appelé en se présentant comme {brand}, raccrochez et appelez vous-même ce numéro.",
];
const G_NEVER_CALLS: Text4 = [
    "{brand} never calls you unsolicited, never asks for remote access to your computer and never asks for payment in gift cards or crypto.",
    "{brand} ruft nie unaufgefordert an, verlangt nie Fernzugriff auf Ihren Computer und nie Zahlung mit Guthabenkarten oder Kryptowährung.",
    "{brand} nunca llama sin que usted lo pida, nunca pide acceso remoto a su ordenador ni pagos con tarjetas regalo o criptomonedas.",
    "{brand} ne vous appelle jamais spontanément, ne demande jamais d'accès à distance à votre ordinateur ni de paiement en cartes cadeaux ou cryptomonnaie.",
];
const G_ERROR_NO_PHONE: Text4 = [
    "Real error messages never show a phone number. Close the browser (if it will not close: Ctrl+Alt+Del, or Cmd+Option+Esc on a Mac) and do not call.",
    "Echte Fehlermeldungen zeigen nie eine Telefonnummer. Schließen Sie den Browser (falls das nicht geht: Strg+Alt+Entf, auf dem Mac Cmd+Wahl+Esc) und rufen Sie nicht an.",
    "Los mensajes de error reales nunca muestran un teléfono. Cierre el navegador (si no se cierra: Ctrl+Alt+Supr, o Cmd+Opción+Esc en Mac) y no llame.",
    "Les vrais messages d'erreur n'affichent jamais de numéro. Fermez le navigateur (s'il ne se ferme pas : Ctrl+Alt+Suppr, ou Cmd+Option+Échap sur Mac) et n'appelez pas.",
];
const G_REMOTE: Text4 = [
    "Never give remote access (AnyDesk, TeamViewer, Quick Assist…) to someone who contacted you. If you already did, disconnect from the internet, change your passwords from another device and call your bank.",
    "Geben Sie niemandem Fernzugriff (AnyDesk, TeamViewer, Quick Assist…), der Sie kontaktiert hat. Falls schon geschehen: Internet trennen, Passwörter von einem anderen Gerät ändern und die Bank anrufen.",
    "Nunca dé acceso remoto (AnyDesk, TeamViewer, Quick Assist…) a quien le contactó. Si ya lo hizo, desconéctese de internet, cambie sus contraseñas desde otro dispositivo y llame a su banco.",
    "Ne donnez jamais l'accès à distance (AnyDesk, TeamViewer, Quick Assist…) à quelqu'un qui vous a contacté. Si c'est fait, coupez internet, changez vos mots de passe depuis un autre appareil et appelez votre banque.",
];
const G_PAYMENT: Text4 = [
    "No real company or authority asks for gift cards, crypto or a transfer to a 'safe account'. If you paid, contact your bank and the card issuer at once.",
    "Kein echtes Unternehmen und keine Behörde verlangt Guthabenkarten, Kryptowährung oder Überweisung auf ein 'sicheres Konto'. Falls Sie gezahlt haben, kontaktieren Sie sofort Bank und Kartenaussteller.",
    "Ninguna empresa ni autoridad real pide tarjetas regalo, criptomonedas o transferir a una 'cuenta segura'. Si pagó, contacte ya con su banco y el emisor de la tarjeta.",
    "Aucune vraie entreprise ni administration ne demande de cartes cadeaux, de cryptomonnaie ou de virement vers un « compte sécurisé ». Si vous avez payé, contactez tout de suite votre banque et l'émetteur de la carte.",
];
const G_REPORT: Text4 = [
    "Report it (Report a scam) so others are warned: keep the number, web address, messages and payment receipts.",
    "Melden Sie es (Betrug melden), damit andere gewarnt werden: Bewahren Sie Nummer, Webadresse, Nachrichten und Zahlungsbelege auf.",
    "Denúncielo (Denunciar una estafa) para avisar a otros: guarde el número, la dirección web, los mensajes y los justificantes de pago.",
    "Signalez-le (Signaler une arnaque) pour prévenir les autres : gardez le numéro, l'adresse web, les messages et les preuves de paiement.",
];
const G_UNKNOWN: Text4 = [
    "No reports do not mean it is safe. If in doubt, contact the company through its official website or app, never through a number or link you were given.",
    "Keine Meldungen heißt nicht, dass es sicher ist. Kontaktieren Sie im Zweifel die Firma über ihre offizielle Website oder App, nie über eine Ihnen genannte Nummer oder einen Link.",
    "Que no haya denuncias no significa que sea seguro. Ante la duda, contacte con la empresa por su web o app oficial, nunca por un número o enlace que le hayan dado.",
    "L'absence de signalement ne veut pas dire que c'est sûr. En cas de doute, contactez l'entreprise via son site ou son application officiels, jamais via un numéro ou un lien reçu.",
];

/// Fills the placeholders of a sentence in one pass (a check fills several per value).
fn fill(t: &str, brand: &str, what: &str, n: &str, m: &str) -> String {
    let mut out = String::with_capacity(t.len() + brand.len() + what.len() + 8);
    let mut rest = t;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let (value, len) = if tail.starts_with("{brand}") {
            (brand, 7)
        } else if tail.starts_with("{what}") {
            (what, 6)
        } else if tail.starts_with("{n}") {
            (n, 3)
        } else if tail.starts_with("{m}") {
            (m, 3)
        } else {
            ("{", 1)
        };
        out.push_str(value);
        rest = &tail[len..];
    }
    out.push_str(rest);
    out
}

/// Guesses the type of a single pasted value; `None`: treat as text. Order: remote-access
/// tool prefix, spaced IBAN, e-mail, URL, IBAN, wallet, IP, phone (digits and `+-(). `),
/// domain.
pub fn classify(value: &str) -> Option<IndicatorType> {
    let v = value.trim();
    if v.is_empty() || v.len() > 2048 {
        return None;
    }
    let lower = v.to_ascii_lowercase();
    let compact: String = v.chars().filter(|c| !c.is_whitespace()).collect();
    let tools = [
        "anydesk",
        "teamviewer",
        "ultraviewer",
        "rustdesk",
        "supremo",
        "quickassist",
    ];
    if tools.iter().any(|t| lower.starts_with(t)) {
        return Some(IndicatorType::RemoteAccessId);
    }
    if v.contains(char::is_whitespace)
        && !v
            .chars()
            .all(|c| c.is_ascii_digit() || " +-().".contains(c))
    {
        // Spaced IBANs are the one spaced non-phone value.
        let iban_like = compact.len() >= 15
            && compact.len() <= 34
            && compact.as_bytes()[..2].iter().all(u8::is_ascii_alphabetic)
            && compact.as_bytes()[2..4].iter().all(u8::is_ascii_digit)
            && compact.bytes().all(|b| b.is_ascii_alphanumeric());
        return iban_like.then_some(IndicatorType::Iban);
    }
    if v.contains('@') {
        return Some(IndicatorType::Email);
    }
    if lower.contains("://") || lower.starts_with("www.") && v.contains('/') {
        return Some(IndicatorType::Url);
    }
    let b = compact.as_bytes();
    if compact.len() >= 15
        && compact.len() <= 34
        && b[..2].iter().all(u8::is_ascii_alphabetic)
        && b[2..4].iter().all(u8::is_ascii_digit)
        && b.iter().all(u8::is_ascii_alphanumeric)
    {
        return Some(IndicatorType::Iban);
    }
    if (lower.starts_with("0x") && compact.len() == 42)
        || lower.starts_with("bc1")
        || ((v.starts_with('1') || v.starts_with('3'))
            && (26..=35).contains(&v.len())
            && v.bytes().any(|c| c.is_ascii_alphabetic()))
    {
        return Some(IndicatorType::CryptoWallet);
    }
    let octets: Vec<&str> = v.split('.').collect();
    if octets.len() == 4
        && octets
            .iter()
            .all(|o| !o.is_empty() && o.len() <= 3 && o.bytes().all(|b| b.is_ascii_digit()))
        || (v.contains(':')
            && v.chars().all(|c| c.is_ascii_hexdigit() || c == ':')
            && v.matches(':').count() >= 2)
    {
        return Some(IndicatorType::Ip);
    }
    let digits = v.chars().filter(char::is_ascii_digit).count();
    if digits >= 3
        && v.chars()
            .all(|c| c.is_ascii_digit() || " +-().".contains(c))
    {
        return Some(IndicatorType::Phone);
    }
    if v.contains('.') && !v.contains(' ') {
        return Some(if v.contains('/') {
            IndicatorType::Url
        } else {
            IndicatorType::Domain
        });
    }
    None
}

/// Cuts `s` to at most [`MAX_INPUT`] bytes at a character boundary.
fn bounded(s: &str) -> &str {
    if s.len() <= MAX_INPUT {
        return s;
    }
    let mut end = MAX_INPUT;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

struct Acc<'a> {
    lang: Lang,
    keep: f32,
    reasons: Vec<Reason>,
    matches: Vec<IndicatorMatch>,
    totals: Matches,
    brands: Vec<String>,
    official: Vec<String>,
    unofficial_indicators: usize,
    impersonation: Option<Impersonation>,
    guidance_flags: [bool; 3], // error-no-phone, remote, payment
    knowledge: &'a dyn Knowledge,
}

impl Acc<'_> {
    /// Text and page scores: several independent scam signals (0.7+) make a scam.
    fn content_evidence(&mut self, score: f32) {
        self.evidence(if score >= 0.7 { score.max(SCAM) } else { score });
    }

    fn evidence(&mut self, score: f32) {
        self.keep *= 1.0 - score.clamp(0.0, 1.0);
    }

    fn reason(&mut self, code: &str, text: String) {
        if !self
            .reasons
            .iter()
            .any(|r| r.code == code && r.text == text)
        {
            self.reasons.push(Reason {
                code: code.to_string(),
                text,
            });
        }
    }

    fn brand(&mut self, b: &str) {
        if !self.brands.iter().any(|x| x == b) {
            self.brands.push(b.to_string());
        }
    }

    fn lookup(&mut self, key: String, what: &str) {
        if self.matches.iter().any(|m| m.key == key) {
            return;
        }
        let m = self.knowledge.lookup(&key);
        if m.reports == 0 && m.operations == 0 {
            return;
        }
        // A report often holds several of the input's indicators (a URL and its domain):
        // without report ids the honest total is the largest count, "at least N".
        self.totals.reports = self.totals.reports.max(m.reports);
        self.totals.operations = self.totals.operations.max(m.operations);
        let s = if m.operations > 0 {
            0.9
        } else {
            match m.reports {
                1 => 0.6,
                2 => 0.75,
                _ => 0.85,
            }
        };
        self.evidence(s);
        let t = fill(
            self.lang.pick(&R_REPORTED),
            "",
            what,
            &m.reports.to_string(),
            &m.operations.to_string(),
        );
        self.reason("reported", t);
        self.matches.push(IndicatorMatch {
            key,
            reports: m.reports,
            operations: m.operations,
        });
    }
}

impl Detector {
    /// Checks `input` with no default region for national phone numbers; see [`Self::check_with`].
    pub fn check(
        &self,
        input: &CheckInput,
        lang: Lang,
        knowledge: &dyn Knowledge,
    ) -> Result<Verdict, CheckError> {
        self.check_with(input, lang, None, knowledge)
    }

    /// Checks `input`; `region` is the reader's country, for phone numbers written nationally.
    pub fn check_with(
        &self,
        input: &CheckInput,
        lang: Lang,
        region: Option<Country>,
        knowledge: &dyn Knowledge,
    ) -> Result<Verdict, CheckError> {
        self.check_inner(input, lang, region, knowledge, &[])
    }

    /// A page fetched from the web: `urls` is the address asked for, then each redirect
    /// target. The page is analysed as [`CheckInput::Page`]; the addresses count as the page's
    /// own indicators (impersonation, reports, official domains), first.
    pub fn check_fetched(
        &self,
        urls: &[String],
        html: &str,
        lang: Lang,
        region: Option<Country>,
        knowledge: &dyn Knowledge,
    ) -> Result<Verdict, CheckError> {
        let ctx = dragnet_extract::Context {
            default_region: region,
        };
        let mut extra: Vec<Indicator> = Vec::new();
        for u in urls {
            for ind in dragnet_extract::shared().extract_text(bounded(u), &ctx) {
                if !extra.iter().any(|e| e.ty == ind.ty && e.value == ind.value) {
                    extra.push(ind);
                }
            }
        }
        self.check_inner(
            &CheckInput::Page(html.to_string()),
            lang,
            region,
            knowledge,
            &extra,
        )
    }

    fn check_inner(
        &self,
        input: &CheckInput,
        lang: Lang,
        region: Option<Country>,
        knowledge: &dyn Knowledge,
        extra: &[Indicator],
    ) -> Result<Verdict, CheckError> {
        let ctx = dragnet_extract::Context {
            default_region: region,
        };
        let extractor = dragnet_extract::shared();
        let mut acc = Acc {
            lang,
            keep: 1.0,
            reasons: Vec::new(),
            matches: Vec::new(),
            totals: Matches::default(),
            brands: Vec::new(),
            official: Vec::new(),
            unofficial_indicators: 0,
            impersonation: None,
            guidance_flags: [false; 3],
            knowledge,
        };
        let mut signals = Vec::new();
        let mut page = None;
        let (input_type, indicators) = match input {
            CheckInput::Typed { ty, value } => {
                let raw = RawIndicator {
                    ty: *ty,
                    value: bounded(value).to_string(),
                };
                let ind = extractor
                    .normalise(&raw, &ctx)
                    .map_err(|reason| CheckError {
                        field: "value".into(),
                        reason,
                    })?;
                (ty.as_str().to_string(), vec![ind])
            }
            CheckInput::Value(value) => {
                let value = bounded(value);
                let parsed = classify(value).and_then(|ty| {
                    extractor
                        .normalise(
                            &RawIndicator {
                                ty,
                                value: value.to_string(),
                            },
                            &ctx,
                        )
                        .ok()
                });
                match parsed {
                    Some(ind) => (ind.ty.as_str().to_string(), vec![ind]),
                    None => {
                        let t = self.text_scanner().analyse(value, lang);
                        acc.content_evidence(t.score);
                        signals = t.signals;
                        ("text".to_string(), extractor.extract_text(value, &ctx))
                    }
                }
            }
            CheckInput::Text(text) => {
                let text = bounded(text);
                let t = self.text_scanner().analyse(text, lang);
                acc.content_evidence(t.score);
                signals = t.signals;
                ("text".to_string(), extractor.extract_text(text, &ctx))
            }
            CheckInput::Page(html) => {
                let p = self.analyse_page(bounded(html), lang);
                acc.content_evidence(p.score);
                for b in &p.brands {
                    acc.brand(b);
                }
                for t in &p.tricks {
                    acc.reason(&t.code, t.explanation.clone());
                }
                if !p.phones.is_empty() && !p.brands.is_empty() {
                    acc.reason(
                        "phone_with_brand",
                        lang.pick(&crate::page::PHONE_WITH_BRAND).to_string(),
                    );
                }
                if !p.tricks.is_empty() || !p.phones.is_empty() {
                    acc.guidance_flags[0] = true;
                }
                signals = p.text.signals.clone();
                let inds = p.indicators.clone();
                page = Some(p);
                ("page".to_string(), inds)
            }
        };
        for s in &signals {
            acc.reason(&s.code, s.explanation.clone());
            match s.code.as_str() {
                "call_support" | "fake_error_code" | "fake_scan_result" | "device_locked"
                | "device_infected" => {
                    acc.guidance_flags[0] = true;
                }
                "remote_access" => acc.guidance_flags[1] = true,
                "gift_card_payment" | "crypto_payment" | "unusual_payment" => {
                    acc.guidance_flags[2] = true
                }
                _ => {}
            }
        }
        let indicators = if extra.is_empty() {
            indicators
        } else {
            let mut all = extra.to_vec();
            all.extend(
                indicators
                    .into_iter()
                    .filter(|i| !extra.iter().any(|e| e.ty == i.ty && e.value == i.value)),
            );
            all
        };
        for ind in &indicators {
            self.assess_indicator(ind, &mut acc);
        }

        let score = round2(1.0 - acc.keep);
        let all_official = !acc.official.is_empty() && acc.unofficial_indicators == 0;
        let single_official = input_type != "text" && input_type != "page" && all_official;
        let verdict = if single_official || (all_official && score < SUSPICIOUS) {
            VerdictKind::Official
        } else if score >= SCAM {
            VerdictKind::Scam
        } else if score >= SUSPICIOUS {
            VerdictKind::Suspicious
        } else {
            VerdictKind::Unknown
        };
        if verdict == VerdictKind::Unknown && acc.reasons.is_empty() {
            acc.reason("no_reports", lang.pick(&R_NOTHING).to_string());
        }
        let guidance = self.guidance(verdict, &acc, &input_type);
        Ok(Verdict {
            verdict,
            score: if verdict == VerdictKind::Official {
                0.0
            } else {
                score
            },
            input_type,
            lang,
            reasons: acc.reasons,
            indicators,
            matches: acc.matches,
            totals: acc.totals,
            impersonation: acc.impersonation,
            signals,
            page,
            guidance,
        })
    }

    fn assess_indicator(&self, ind: &Indicator, acc: &mut Acc<'_>) {
        let lang = acc.lang;
        let registry = self.scorer().registry();
        // A brand's real number is named in many reports (victims quote it too): that is no
        // evidence of a scam, and saying "appears in N scam reports" would mislead.
        let official_phone =
            ind.ty == IndicatorType::Phone && registry.official_number_owner(&ind.value).is_some();
        if !official_phone {
            acc.lookup(ind.key(), &ind.value);
        }
        match ind.ty {
            IndicatorType::Phone => {
                if let Some(b) = registry.official_number_owner(&ind.value) {
                    let name = b.name.clone();
                    acc.reason(
                        "official_number",
                        fill(lang.pick(&R_OFFICIAL_NUMBER), &name, "", "", ""),
                    );
                    let m = acc.knowledge.lookup(&ind.key());
                    if m.reports > 0 {
                        let n = m.reports.to_string();
                        acc.reason(
                            "mentioned",
                            fill(lang.pick(&R_MENTIONED), "", &ind.value, &n, ""),
                        );
                    }
                    acc.official.push(name.clone());
                    acc.brand(&name);
                    return;
                }
            }
            IndicatorType::Domain | IndicatorType::Url | IndicatorType::Email => {
                let host_str = match ind.ty {
                    IndicatorType::Email => ind.value.rsplit('@').next().unwrap_or(""),
                    _ => ind.value.as_str(),
                };
                let Some(host) = parse_host(host_str) else {
                    acc.unofficial_indicators += 1;
                    return;
                };
                if ind.ty == IndicatorType::Url {
                    acc.lookup(format!("domain:{}", host.ascii), &host.ascii);
                    acc.lookup(
                        format!("domain:{}", host.registrable()),
                        &host.registrable(),
                    );
                }
                if ind.ty == IndicatorType::Email {
                    acc.lookup(format!("domain:{}", host.ascii), &host.ascii);
                }
                let warning = dragnet_extract::shared().warning(IndicatorType::Domain, &host.ascii);
                match warning {
                    Some(dragnet_extract::lists::WEBMAIL) => {
                        acc.reason("webmail", lang.pick(&R_WEBMAIL).to_string());
                        acc.unofficial_indicators += 1;
                        // The mailbox name read as a domain label: `microsoft.help9820@…`.
                        if ind.ty == IndicatorType::Email {
                            let local = ind
                                .value
                                .split('@')
                                .next()
                                .unwrap_or("")
                                .replace(['.', '_', '+'], "-");
                            if let Some(imp) = self.scorer().score(&format!("{local}.invalid")) {
                                acc.reason(
                                    "brand_on_webmail",
                                    fill(lang.pick(&R_BRAND_ON_WEBMAIL), &imp.brand, "", "", ""),
                                );
                                acc.evidence(imp.score.min(0.6));
                                acc.brand(&imp.brand);
                            }
                        }
                        return;
                    }
                    Some(dragnet_extract::lists::CLOUD) => {
                        acc.reason(
                            "hosted_content",
                            fill(lang.pick(&R_HOSTING), "", &host.registrable(), "", ""),
                        );
                    }
                    Some(dragnet_extract::lists::SHORTENERS) => {
                        acc.reason("link_shortener", lang.pick(&R_SHORTENER).to_string());
                    }
                    _ => {
                        if let Some(b) = registry.official_domain_owner(&host.ascii) {
                            let name = b.name.clone();
                            acc.reason(
                                "official_domain",
                                fill(lang.pick(&R_OFFICIAL_DOMAIN), &name, "", "", ""),
                            );
                            acc.official.push(name.clone());
                            acc.brand(&name);
                            return;
                        }
                    }
                }
                if let Some(imp) = self.scorer().score_host(&host) {
                    let techniques: Vec<&str> = imp.techniques.iter().map(|t| t.as_str()).collect();
                    let t = fill(
                        lang.pick(&R_IMPERSONATION),
                        &imp.brand,
                        &host.ascii,
                        &techniques.join(", "),
                        "",
                    );
                    acc.reason("impersonation", t);
                    acc.evidence(imp.score);
                    acc.brand(&imp.brand);
                    if acc
                        .impersonation
                        .as_ref()
                        .is_none_or(|i| imp.score > i.score)
                    {
                        acc.impersonation = Some(imp);
                    }
                }
            }
            IndicatorType::RemoteAccessId => acc.guidance_flags[1] = true,
            IndicatorType::CryptoWallet | IndicatorType::GiftCard | IndicatorType::Iban => {
                acc.guidance_flags[2] = true;
            }
            IndicatorType::Ip | IndicatorType::Other => {}
        }
        acc.unofficial_indicators += 1;
    }

    fn guidance(&self, verdict: VerdictKind, acc: &Acc<'_>, input_type: &str) -> Vec<String> {
        let lang = acc.lang;
        let mut out = Vec::new();
        if verdict == VerdictKind::Official {
            if input_type == "phone" {
                for b in &acc.official {
                    out.push(fill(lang.pick(&G_OFFICIAL_NUMBER), b, "", "", ""));
                }
            }
            for b in &acc.official {
                let g = fill(lang.pick(&G_NEVER_CALLS), b, "", "", "");
                if !out.contains(&g) {
                    out.push(g);
                }
            }
            return out;
        }
        for b in &acc.brands {
            out.push(fill(lang.pick(&G_NEVER_CALLS), b, "", "", ""));
        }
        if acc.guidance_flags[0] {
            out.push(lang.pick(&G_ERROR_NO_PHONE).to_string());
        }
        if acc.guidance_flags[1] {
            out.push(lang.pick(&G_REMOTE).to_string());
        }
        if acc.guidance_flags[2] {
            out.push(lang.pick(&G_PAYMENT).to_string());
        }
        match verdict {
            VerdictKind::Scam | VerdictKind::Suspicious => {
                out.push(lang.pick(&G_REPORT).to_string())
            }
            _ => out.push(lang.pick(&G_UNKNOWN).to_string()),
        }
        out
    }
}
