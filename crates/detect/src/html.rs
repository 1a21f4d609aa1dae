//! A small, forgiving HTML tokenizer: enough to read a saved scam page without running it.
//!
//! It splits a document into visible text, script bodies (including inline `on*` handlers),
//! style bodies and the tags with their attributes. It builds no tree and never fails:
//! malformed markup degrades to text. Linear in the input; comments, `<script>` and
//! `<style>` bodies end at their first closing tag, as browsers do. Only the entities
//! people write in scam pages are decoded (`&amp;`, `&lt;`, `&gt;`, `&quot;`, `&#39;`,
//! `&nbsp;`, numeric). Chosen over `html5ever`/`scraper` (a full tree builder and CSS engine
//! for what is a scan for a few dozen names) and `tl` (a DOM we would not use).

/// A start tag: lower-case name and attributes (lower-case names, raw values).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    pub name: String,
    pub attrs: Vec<(String, String)>,
}

impl Tag {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
    pub fn has(&self, name: &str) -> bool {
        self.attrs.iter().any(|(n, _)| n == name)
    }
}

/// What [`tokenize`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    /// Visible text, whitespace-collapsed, entities decoded.
    pub text: String,
    pub title: String,
    /// Script bodies and inline event handlers (`onbeforeunload=...`), one entry each.
    pub scripts: Vec<String>,
    /// Names of inline event-handler attributes seen (`onbeforeunload`, `oncontextmenu`).
    pub handlers: Vec<String>,
    pub styles: Vec<String>,
    pub tags: Vec<Tag>,
}

/// Tokenizes `html`; see the module docs.
pub fn tokenize(html: &str) -> Document {
    let mut doc = Document::default();
    let lower = html.to_ascii_lowercase();
    let b = html.as_bytes();
    let mut i = 0;
    let mut text = String::new();
    let mut in_title = false;
    while i < b.len() {
        if b[i] != b'<' {
            let end = html[i..].find('<').map_or(html.len(), |p| i + p);
            let chunk = decode_entities(&html[i..end]);
            if in_title {
                doc.title.push_str(&chunk);
            }
            text.push_str(&chunk);
            text.push(' ');
            i = end;
            continue;
        }
        if lower[i..].starts_with("<!--") {
            i = lower[i + 4..]
                .find("-->")
                .map_or(b.len(), |p| i + 4 + p + 3);
            continue;
        }
        if lower[i..].starts_with("</") {
            let end = html[i..].find('>').map_or(html.len(), |p| i + p + 1);
            if lower[i..end].starts_with("</title") {
                in_title = false;
            }
            text.push(' ');
            i = end;
            continue;
        }
        if lower[i..].starts_with("<!") || lower[i..].starts_with("<?") {
            i = html[i..].find('>').map_or(html.len(), |p| i + p + 1);
            continue;
        }
        let (tag, end) = parse_tag(html, &lower, i);
        i = end;
        let Some(tag) = tag else {
            text.push('<');
            continue;
        };
        for (name, value) in &tag.attrs {
            if name.starts_with("on") && name.len() > 2 {
                doc.handlers.push(name.clone());
                doc.scripts.push(decode_entities(value));
            }
            if name == "style" {
                doc.styles.push(value.clone());
            }
        }
        match tag.name.as_str() {
            "script" | "style" => {
                let close = format!("</{}", tag.name);
                let body_end = lower[i..].find(&close).map_or(html.len(), |p| i + p);
                let body = html[i..body_end].to_string();
                if tag.name == "script" {
                    doc.scripts.push(body);
                } else {
                    doc.styles.push(body);
                }
                i = html[body_end..]
                    .find('>')
                    .map_or(html.len(), |p| body_end + p + 1);
            }
            "title" => in_title = true,
            "br" | "p" | "div" | "li" | "tr" | "h1" | "h2" | "h3" | "h4" => text.push(' '),
            _ => {}
        }
        // Image descriptions are shown to people (alt) or name the picture (src).
        if tag.name == "img"
            && let Some(alt) = tag.attr("alt")
        {
            text.push_str(&decode_entities(alt));
            text.push(' ');
        }
        doc.tags.push(tag);
    }
    doc.text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    doc.title = doc.title.split_whitespace().collect::<Vec<_>>().join(" ");
    doc
}

/// Parses the start tag at `start` (which is `<`). Returns `None` when it is not a tag
/// (`a < b` in text) and the position after it.
fn parse_tag(html: &str, lower: &str, start: usize) -> (Option<Tag>, usize) {
    let b = html.as_bytes();
    let mut i = start + 1;
    let name_start = i;
    while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-') {
        i += 1;
    }
    if i == name_start {
        return (None, start + 1);
    }
    let name = lower[name_start..i].to_string();
    let mut attrs = Vec::new();
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() {
            break;
        }
        if b[i] == b'>' {
            i += 1;
            break;
        }
        let an_start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let aname = lower[an_start..i].to_string();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                let v_start = i + 1;
                let v_end = b[v_start..]
                    .iter()
                    .position(|&c| c == q)
                    .map_or(b.len(), |p| v_start + p);
                value = html[v_start..v_end].to_string();
                i = (v_end + 1).min(b.len());
            } else {
                let v_start = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                    i += 1;
                }
                value = html[v_start..i].to_string();
            }
        }
        if aname.is_empty() {
            i += 1;
            continue;
        }
        attrs.push((aname, value));
    }
    (Some(Tag { name, attrs }), i)
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        let end = rest.as_bytes().iter().take(12).position(|&b| b == b';');
        let decoded = end.and_then(|e| {
            let ent = &rest[1..e];
            let c = match ent {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" | "#39" => Some('\''),
                "nbsp" => Some(' '),
                _ if ent.starts_with("#x") || ent.starts_with("#X") => {
                    u32::from_str_radix(&ent[2..], 16)
                        .ok()
                        .and_then(char::from_u32)
                }
                _ if ent.starts_with('#') => ent[1..].parse::<u32>().ok().and_then(char::from_u32),
                _ => None,
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_text_scripts_styles_and_handlers() {
        let doc = tokenize(
            "<html><head><title>Windows &amp; Security</title><style>body{cursor:none}</style></head>\
             <body onbeforeunload=\"return 'x'\"><!-- <p>hidden</p> --><h1>Call&nbsp;1-888</h1>\
             <script>if (a < b) alert('</p>');</script><img src=bsod.png alt='Blue screen'>a < b</body>",
        );
        assert_eq!(doc.title, "Windows & Security");
        assert_eq!(doc.text, "Windows & Security Call 1-888 Blue screen a < b");
        assert_eq!(
            doc.scripts,
            vec![
                "return 'x'".to_string(),
                "if (a < b) alert('</p>');".to_string()
            ]
        );
        assert_eq!(doc.handlers, vec!["onbeforeunload".to_string()]);
        assert_eq!(doc.styles, vec!["body{cursor:none}".to_string()]);
        let img = doc.tags.iter().find(|t| t.name == "img").unwrap();
        assert_eq!(
            (img.attr("src"), img.attr("alt")),
            (Some("bsod.png"), Some("Blue screen"))
        );
    }

    #[test]
    fn malformed_input_degrades_to_text() {
        let cases = [
            ("", ""),
            ("<", "<"),
            ("<<<>>>", "<<<>>>"),
            ("<a href='x", ""),
            ("<script>never closed", ""),
            ("<!-- never closed", ""),
            ("&#xZZ; &#99999999; &amp", "&#xZZ; &#99999999; &amp"),
            ("é<b>ü</b>", "é ü"),
        ];
        for (html, text) in cases {
            assert_eq!(tokenize(html).text, text, "{html}");
        }
    }
}
