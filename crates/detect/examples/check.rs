//! Prints the JSON verdict for each argument (or each stdin line): `cargo run --example check
//! -- micros0ft-support.com +18006427676`. `--lang de` picks the language, `--text` treats the
//! arguments as one text, `--page FILE` analyses a saved page.
use dragnet_detect::{CheckInput, Lang, NoKnowledge, check};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut lang = Lang::En;
    if let Some(i) = args.iter().position(|a| a == "--lang") {
        lang = args
            .get(i + 1)
            .map(|l| Lang::from_tag(l))
            .unwrap_or_default();
        args.drain(i..(i + 2).min(args.len()));
    }
    let inputs: Vec<CheckInput> = if args.first().is_some_and(|a| a == "--text") {
        vec![CheckInput::Text(args[1..].join(" "))]
    } else if args.first().is_some_and(|a| a == "--page") {
        let path = args.get(1).ok_or("--page needs a file")?;
        vec![CheckInput::Page(
            String::from_utf8_lossy(&std::fs::read(path)?).into_owned(),
        )]
    } else if args.is_empty() {
        std::io::stdin()
            .lines()
            .map_while(Result::ok)
            .map(CheckInput::Value)
            .collect()
    } else {
        args.into_iter().map(CheckInput::Value).collect()
    };
    for input in &inputs {
        match check(input, lang, &NoKnowledge) {
            Ok(v) => println!("{}", serde_json::to_string(&v)?),
            Err(e) => println!("{}", serde_json::json!({"error": e.to_string()})),
        }
    }
    Ok(())
}
