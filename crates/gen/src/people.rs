//! Fake but plausible reporters: names, e-mail addresses and phone numbers per country,
//! the language they write in, and the currency they lose money in.
//!
//! E-mail addresses and phone numbers carry a per-victim unique part derived from the
//! victim's index, so two different victims never share them (only a duplicate report of
//! the same victim does), for up to a million victims.

use crate::phone::{Phone, PrefixTable};
use crate::util::{R, chance, pick, weighted};
use rand::Rng;

/// Victim countries and their share of victims (the seed case: mostly US, then CA, DE,
/// AU, ES, GB; a few FR).
pub const COUNTRIES: &[(&str, u32)] = &[
    ("US", 52),
    ("CA", 10),
    ("DE", 10),
    ("AU", 8),
    ("ES", 6),
    ("GB", 11),
    ("FR", 3),
];

pub fn currency(country: &str) -> &'static str {
    match country {
        "US" => "USD",
        "CA" => "CAD",
        "AU" => "AUD",
        "GB" => "GBP",
        _ => "EUR",
    }
}

/// The language a victim from `country` writes in.
pub fn language(rng: &mut R, country: &str) -> &'static str {
    match country {
        "DE" if chance(rng, 0.93) => "de",
        "ES" if chance(rng, 0.95) => "es",
        "FR" => "fr",
        "CA" if chance(rng, 0.22) => "fr",
        _ => "en",
    }
}

const EN_FIRST: &[&str] = &[
    "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David",
    "Barbara", "William", "Susan", "Richard", "Margaret", "Thomas", "Dorothy", "Charles", "Nancy",
    "Gary", "Carol", "Ronald", "Sandra", "Kenneth", "Sharon", "Donald", "Judith", "Harold",
    "Helen", "Peter", "Gwen", "Graham", "Shirley", "Ian", "Beverley", "Bruce", "Noeline", "Wayne",
    "Joan", "Frank", "Evelyn",
];
const EN_LAST: &[&str] = &[
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Miller",
    "Davis",
    "Wilson",
    "Anderson",
    "Taylor",
    "Thomas",
    "Moore",
    "Martin",
    "Thompson",
    "White",
    "Harris",
    "Clark",
    "Lewis",
    "Walker",
    "Hall",
    "Young",
    "King",
    "Wright",
    "Evans",
    "Roberts",
    "Hughes",
    "Edwards",
    "Murphy",
    "Campbell",
    "Kelly",
    "Nguyen",
    "MacDonald",
    "Tremblay",
    "O'Brien",
    "Fitzgerald",
    "Cooper",
];
const DE_FIRST: &[&str] = &[
    "Hans", "Ursula", "Klaus", "Renate", "Jürgen", "Monika", "Wolfgang", "Gisela", "Dieter",
    "Helga", "Günter", "Ingrid", "Manfred", "Brigitte", "Horst", "Karin", "Uwe", "Sabine", "Bernd",
    "Petra",
];
const DE_LAST: &[&str] = &[
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Koch",
    "Richter",
    "Klein",
    "Wolf",
    "Schröder",
    "Neumann",
    "Schwarz",
    "Braun",
    "Zimmermann",
    "Krüger",
];
const ES_FIRST: &[&str] = &[
    "José",
    "María",
    "Antonio",
    "Carmen",
    "Manuel",
    "Josefa",
    "Francisco",
    "Isabel",
    "Juan",
    "Dolores",
    "Luis",
    "Pilar",
    "Javier",
    "Teresa",
    "Miguel",
    "Rosa",
];
const ES_LAST: &[&str] = &[
    "García",
    "Rodríguez",
    "González",
    "Fernández",
    "López",
    "Martínez",
    "Sánchez",
    "Pérez",
    "Gómez",
    "Martín",
    "Jiménez",
    "Ruiz",
    "Hernández",
    "Díaz",
    "Moreno",
    "Álvarez",
];
const FR_FIRST: &[&str] = &[
    "Jean",
    "Marie",
    "Michel",
    "Françoise",
    "Pierre",
    "Monique",
    "André",
    "Nicole",
    "Jacques",
    "Sylvie",
    "Gilles",
    "Chantal",
    "Réjean",
    "Ginette",
    "Denis",
    "Lucie",
];
const FR_LAST: &[&str] = &[
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Gagnon", "Roy", "Côté", "Bouchard", "Gauthier", "Lefebvre",
];

fn providers(country: &str) -> &'static [(&'static str, u32)] {
    match country {
        "US" => &[
            ("gmail.com", 40),
            ("yahoo.com", 20),
            ("aol.com", 12),
            ("hotmail.com", 10),
            ("comcast.net", 8),
            ("att.net", 6),
            ("outlook.com", 4),
        ],
        "CA" => &[
            ("gmail.com", 40),
            ("hotmail.com", 20),
            ("videotron.ca", 8),
            ("sympatico.ca", 10),
            ("shaw.ca", 8),
            ("yahoo.ca", 8),
        ],
        "GB" => &[
            ("gmail.com", 30),
            ("btinternet.com", 20),
            ("hotmail.co.uk", 15),
            ("yahoo.co.uk", 12),
            ("sky.com", 10),
            ("outlook.com", 8),
        ],
        "AU" => &[
            ("gmail.com", 35),
            ("bigpond.com", 30),
            ("optusnet.com.au", 12),
            ("hotmail.com", 10),
            ("outlook.com", 8),
        ],
        "DE" => &[
            ("web.de", 30),
            ("gmx.de", 30),
            ("t-online.de", 20),
            ("gmail.com", 12),
            ("freenet.de", 5),
        ],
        "ES" => &[
            ("gmail.com", 40),
            ("hotmail.es", 25),
            ("yahoo.es", 12),
            ("telefonica.net", 10),
            ("outlook.es", 8),
        ],
        _ => &[
            ("orange.fr", 30),
            ("gmail.com", 25),
            ("free.fr", 20),
            ("laposte.net", 10),
            ("sfr.fr", 10),
        ],
    }
}

/// Lower-case ASCII form of a name for an e-mail local part (ü → ue, é → e…).
fn ascii_fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            'ä' | 'Ä' => out.push_str("ae"),
            'ö' | 'Ö' => out.push_str("oe"),
            'ü' | 'Ü' => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            'á' | 'à' | 'â' | 'Á' => out.push('a'),
            'é' | 'è' | 'ê' | 'É' => out.push('e'),
            'í' | 'î' => out.push('i'),
            'ó' | 'ô' => out.push('o'),
            'ú' | 'û' => out.push('u'),
            'ñ' => out.push('n'),
            'ç' => out.push('c'),
            c if c.is_ascii_alphanumeric() => out.push(c.to_ascii_lowercase()),
            _ => {}
        }
    }
    out
}

/// One reporting person.
#[derive(Debug, Clone)]
pub struct Person {
    pub country: &'static str,
    pub language: &'static str,
    pub name: String,
    pub email: String,
    pub phone: Option<Phone>,
    /// The phone as the person typed it into the form.
    pub phone_written: Option<String>,
    /// Older victims often give only a phone, younger ones only an e-mail.
    pub gives_email: bool,
}

/// A new person numbered `index` (unique per scenario).
pub fn person(rng: &mut R, prefixes: &PrefixTable, country: &'static str, index: u64) -> Person {
    let language = language(rng, country);
    let (first, last) = match country {
        "DE" => (pick(rng, DE_FIRST), pick(rng, DE_LAST)),
        "ES" => (pick(rng, ES_FIRST), pick(rng, ES_LAST)),
        "FR" => (pick(rng, FR_FIRST), pick(rng, FR_LAST)),
        "CA" if language == "fr" => (pick(rng, FR_FIRST), pick(rng, FR_LAST)),
        _ => (pick(rng, EN_FIRST), pick(rng, EN_LAST)),
    };
    let name = if chance(rng, 0.1) {
        format!(
            "{} {last}",
            &first[..first.char_indices().nth(1).map(|(i, _)| i).unwrap_or(1)]
        )
    } else {
        format!("{first} {last}")
    };
    let (f, l) = (ascii_fold(first), ascii_fold(last));
    // The digits after the name part are the victim's index: unique by construction.
    let local = match rng.random_range(0..4) {
        0 => format!("{f}.{l}{index}"),
        1 => format!("{}{l}{index}", &f[..1]),
        2 => format!("{f}{l}{index}"),
        _ => format!("{l}.{f}{index}"),
    };
    let email = format!("{local}@{}", weighted(rng, providers(country)));
    let phone = if chance(rng, 0.6) {
        prefixes.victim(rng, country, index)
    } else {
        None
    };
    let phone_written = phone
        .as_ref()
        .map(|p| crate::phone::write(rng, p, country).replace('\n', " "));
    Person {
        country,
        language,
        name,
        email,
        phone,
        phone_written,
        gives_email: chance(rng, 0.9),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn folding_handles_accents() {
        let cases = [
            ("Müller", "mueller"),
            ("García", "garcia"),
            ("O'Brien", "obrien"),
            ("Côté", "cote"),
            ("Groß", "gross"),
        ];
        for (input, want) in cases {
            assert_eq!(ascii_fold(input), want);
        }
    }

    #[test]
    fn emails_are_distinct_per_victim() {
        let mut rng = R::seed_from_u64(1);
        let t = PrefixTable::new();
        let mut seen = std::collections::BTreeSet::new();
        for i in 0..5000 {
            let c = *weighted(&mut rng, COUNTRIES);
            let p = person(&mut rng, &t, c, i);
            assert!(seen.insert(p.email.clone()), "{}", p.email);
        }
    }
}
