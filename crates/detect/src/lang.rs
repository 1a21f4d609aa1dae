//! The four languages Dragnet speaks to the public (en, de, es, fr), and the way every
//! user-facing sentence of this crate is stored: one array of four strings in that order.

use std::fmt;
use std::str::FromStr;

/// A language of the public pages and of the check's reasons and guidance.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    De,
    Es,
    Fr,
}

/// One sentence in en, de, es, fr (in that order).
pub type Text4 = [&'static str; 4];

impl Lang {
    pub const ALL: [Lang; 4] = [Lang::En, Lang::De, Lang::Es, Lang::Fr];

    pub fn as_str(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
            Lang::Es => "es",
            Lang::Fr => "fr",
        }
    }

    /// This language's version of `t`.
    pub fn pick(self, t: &Text4) -> &'static str {
        t[self as usize]
    }

    /// Parses `en`, `de-CH`, `fr_FR`…; unknown languages fall back to English.
    pub fn from_tag(tag: &str) -> Lang {
        let primary = tag
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        primary.parse().unwrap_or_default()
    }
}

impl FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "en" => Ok(Lang::En),
            "de" => Ok(Lang::De),
            "es" => Ok(Lang::Es),
            "fr" => Ok(Lang::Fr),
            _ => Err(format!(
                "`{s}` is not a supported language (expected en, de, es or fr)"
            )),
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_picking() {
        let cases = [
            ("en", Lang::En),
            ("de-CH", Lang::De),
            ("fr_FR", Lang::Fr),
            ("ES", Lang::Es),
            ("it", Lang::En),
            ("", Lang::En),
        ];
        for (tag, want) in cases {
            assert_eq!(Lang::from_tag(tag), want, "{tag}");
        }
        let t: Text4 = ["a", "b", "c", "d"];
        assert_eq!(Lang::ALL.map(|l| l.pick(&t)), ["a", "b", "c", "d"]);
        assert_eq!(
            "xx".parse::<Lang>(),
            Err("`xx` is not a supported language (expected en, de, es or fr)".into())
        );
    }
}
