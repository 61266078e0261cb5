//! The language of a page or an answer: the `lang` query parameter (or form field) when
//! given, else the browser's `Accept-Language`, else French. No cookie remembers it: the
//! pages carry it in their links and forms.

use axum::http::HeaderMap;

/// The two languages of the rule pack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Fr,
    En,
}

impl Lang {
    /// The code the engine and the pack take, and the pages' `lang` attribute.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// The other language, for the switch on the pages.
    pub fn other(self) -> Lang {
        match self {
            Lang::Fr => Lang::En,
            Lang::En => Lang::Fr,
        }
    }

    /// `fr`, `en` or a tag such as `en-GB`; anything else is not a language we have.
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or("");
        if primary.eq_ignore_ascii_case("fr") {
            Some(Lang::Fr)
        } else if primary.eq_ignore_ascii_case("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The language asked for: `asked` (the query or form value) first, then the best of
    /// French and English in `Accept-Language` by its weights, then French.
    pub fn negotiate(asked: Option<&str>, headers: &HeaderMap) -> Lang {
        if let Some(lang) = asked.and_then(Lang::parse) {
            return lang;
        }
        let header = headers
            .get(axum::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let mut best: Option<(f32, Lang)> = None;
        for item in header.split(',') {
            let mut parts = item.split(';');
            let Some(lang) = parts.next().and_then(Lang::parse) else {
                continue;
            };
            let weight = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            // The first of equal weights wins, as the header lists them by preference.
            if weight > 0.0 && best.is_none_or(|(w, _)| weight > w) {
                best = Some((weight, lang));
            }
        }
        best.map_or(Lang::Fr, |(_, lang)| lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(header: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(axum::http::header::ACCEPT_LANGUAGE, header.parse().unwrap());
        h
    }

    #[test]
    fn the_query_wins_then_the_header_then_french() {
        assert_eq!(Lang::negotiate(Some("en"), &with("fr-FR")), Lang::En);
        assert_eq!(Lang::negotiate(Some("de"), &with("en-GB")), Lang::En);
        assert_eq!(Lang::negotiate(None, &HeaderMap::new()), Lang::Fr);
        assert_eq!(Lang::negotiate(None, &with("de-DE, ja")), Lang::Fr);
    }

    #[test]
    fn weights_order_the_header() {
        assert_eq!(
            Lang::negotiate(None, &with("en-US,en;q=0.9,fr;q=0.8")),
            Lang::En
        );
        assert_eq!(
            Lang::negotiate(None, &with("de;q=1, en;q=0.5, fr;q=0.7")),
            Lang::Fr
        );
        assert_eq!(Lang::negotiate(None, &with("fr;q=0, en;q=0.1")), Lang::En);
        assert_eq!(Lang::negotiate(None, &with("fr-CA, en")), Lang::Fr);
    }
}
