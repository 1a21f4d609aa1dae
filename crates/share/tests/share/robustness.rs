//! Parsers of outside input never panic, whatever they are given (the oracle is "returns").

use dragnet_share::misp::import_event;
use dragnet_share::psi::Chunk;
use dragnet_share::stix::{import_bundle, pattern};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn stix_pattern_parser_never_panics(s in "\\PC{0,80}") {
        let _ = pattern::parse(&s);
    }

    #[test]
    fn stix_pattern_parser_never_panics_near_valid_input(
        ty in "[a-z\\-]{0,12}", prop in "[a-z_.']{0,8}", op in "(=|!=|==| LIKE |)", v in "[^\\x00]{0,12}", tail in "(\\]| OR \\[| AND |\\\\|')?"
    ) {
        let _ = pattern::parse(&format!("[{ty}:{prop} {op} '{v}'{tail}"));
    }

    #[test]
    fn stix_import_never_panics(s in "\\PC{0,200}") {
        let _ = import_bundle(&s);
        let _ = import_bundle(&format!(r#"{{"type":"bundle","objects":[{s}]}}"#));
        let _ = import_bundle(&format!(
            r#"{{"type":"bundle","objects":[{{"type":"indicator","id":"indicator--1","pattern_type":"stix","pattern":{}}}]}}"#,
            serde_json::Value::String(s.clone())
        ));
    }

    #[test]
    fn misp_import_never_panics(s in "\\PC{0,200}") {
        let _ = import_event(&s);
        let _ = import_event(&format!(r#"{{"Event":{{"Attribute":[{s}]}}}}"#));
        let _ = import_event(&format!(
            r#"{{"Event":{{"Attribute":[{{"type":"phone-number","value":{}}}]}}}}"#,
            serde_json::Value::String(s.clone())
        ));
    }

    #[test]
    fn psi_chunk_decoder_never_panics(b in proptest::collection::vec(any::<u8>(), 0..64)) {
        if let Ok((c, used)) = Chunk::from_bytes(&b) {
            prop_assert!(used <= b.len());
            prop_assert_eq!(c.to_bytes(), b[..used].to_vec());
        }
    }
}
