//! A CSV report file (FORMATS.md §1): header then records, read the way `dragnet import` reads
//! them (the csv crate, flexible record lengths), each record parsed and validated.
#![no_main]
use dragnet_core::report::CsvHeader;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(data);
    let mut header: Option<CsvHeader> = None;
    for record in reader.records() {
        let Ok(record) = record else { continue };
        let fields: Vec<&str> = record.iter().collect();
        match &header {
            None => match CsvHeader::parse(&fields) {
                Ok(h) => header = Some(h),
                Err(_) => return,
            },
            Some(h) => {
                let _ = h.parse_record(&fields);
            }
        }
    }
});
