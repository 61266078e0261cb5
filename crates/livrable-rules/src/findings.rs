//! What the engine does with findings once the checks have run, before they are
//! reported.
//!
//! - [`locate`] fills in each finding's paragraph, table cell, section, page, slide and
//!   shape from its document's layout (see `livrable_model::layout`), whatever check made
//!   it: checks work on spans of the extracted text and need not know how Word counts
//!   paragraphs. The engine calls it per document, while the document is whole (its
//!   layout, headings and pictures are not all kept for the report). A picture inside an office file or a PDF is then named as its author
//!   finds it (« image 2 (page 3, section « Nos ateliers », 215 Kio) ») rather than by the
//!   package's part name (`word/media/image1.png`).
//! - [`group`] reports one root cause once: the same defect seen by two check instances is
//!   one finding listing both instances' criteria, and a finding that follows from another
//!   one's fact (the pack's `causes.toml`: a SUM range that stops short makes the total
//!   wrong, which makes the plan differ from the budget) is attached to it, worded for that
//!   case where the pack says how.
//!
//! Neither judges anything: what explains what is the pack's data; the facts are the
//! checks'.

use std::collections::HashMap;

use livrable_model::{Document, Finding, Format, Image, Location, Phrases};

use crate::pack::Pack;

/// Formats whose pictures are parts of the file, known to their author by their place
/// rather than by a file name.
fn embeds_pictures(format: Format) -> bool {
    matches!(
        format,
        Format::Docx | Format::Odt | Format::Pptx | Format::Odp | Format::Pdf
    )
}

/// Fills in the places of the findings that point into `doc` (others are left as they
/// are), and names embedded pictures in the messages about them.
pub fn locate<'a>(
    pack: &Pack,
    lang: &str,
    findings: impl IntoIterator<Item = &'a mut Finding>,
    doc: &Document,
) {
    let phrases = pack.phrases(lang);
    for f in findings {
        if f.file != doc.path {
            continue;
        }
        let image = embeds_pictures(doc.format)
            .then(|| picture_of(doc, f))
            .flatten();
        f.location = doc.locate(&f.location);
        if let Some((number, image)) = image {
            let name = picture_name(&phrases, doc, number, image);
            rename_picture(pack, lang, f, &name);
        }
    }
}

/// The picture a finding is about, with its 1-based number in the document: the one at
/// the finding's place whose part name the finding's `src` argument quotes.
fn picture_of<'d>(doc: &'d Document, f: &Finding) -> Option<(usize, &'d Image)> {
    let src = f.args.iter().find(|(n, _)| n == "src").map(|(_, v)| v)?;
    let at = (f.location.start?, f.location.end?);
    // Image checks quote the part name, cut with `…` when long.
    let src = src.trim_end_matches('…');
    doc.images.iter().enumerate().find_map(|(i, image)| {
        let here = (image.location.start, image.location.end) == (Some(at.0), Some(at.1));
        (here && image.src.starts_with(src)).then_some((i + 1, image))
    })
}

/// « image 2 (page 3, section « Nos ateliers », 215 Kio) ».
fn picture_name(p: &Phrases, doc: &Document, number: usize, image: &Image) -> String {
    let at = doc.locate(&image.location);
    let mut details = Vec::new();
    let brief = Location {
        page: at.page,
        page_estimated: at.page_estimated,
        slide: at.slide,
        section: at.section.clone(),
        ..Location::default()
    };
    details.extend(p.places(&brief));
    if let Some(bytes) = image.bytes {
        let kib = bytes.div_ceil(1024).max(1).to_string();
        details.push(p.get("size-kib", &[("size", &kib)]));
    }
    let number = number.to_string();
    if details.is_empty() {
        // No place and no size: the number alone (the parentheses would be empty).
        return p
            .get("image-name", &[("number", &number), ("details", "")])
            .replace(" ()", "");
    }
    p.get(
        "image-name",
        &[("number", &number), ("details", &details.join(", "))],
    )
}

/// The finding's message and help again, with `src` set to the picture's name.
fn rename_picture(pack: &Pack, lang: &str, f: &mut Finding, name: &str) {
    for (n, v) in &mut f.args {
        if n == "src" {
            *v = name.to_string();
        }
    }
    if let Some(def) = pack.codes.get(&f.code) {
        f.message = def.message.render(lang, &f.args);
        f.help = def.help.render(lang, &f.args);
    }
}

/// The same place of one file: the same cell, or the same span start.
fn same_place(a: &Location, b: &Location) -> bool {
    match (a.cell, b.cell) {
        (Some(_), _) | (_, Some(_)) => a.cell == b.cell && a.sheet == b.sheet,
        _ => a.start.is_some() && a.start == b.start,
    }
}

/// Does `cause` state the fact `effect` follows from? The same place of the same file, or
/// a place `effect` was made from.
fn same_fact(cause: &Finding, effect: &Finding) -> bool {
    (cause.file == effect.file && same_place(&cause.location, &effect.location))
        || effect
            .related
            .iter()
            .any(|r| r.file == cause.file && same_place(&r.location, &cause.location))
}

/// One root cause, reported once (see the module's documentation). Findings keep their
/// order; those attached to another are removed from the list and put, in their order,
/// into the `explains` of the root of their chain.
pub fn group(pack: &Pack, lang: &str, findings: Vec<Finding>) -> Vec<Finding> {
    let mut findings = merge_duplicates(findings);
    let causes: HashMap<&str, &crate::pack::Cause> =
        pack.causes.iter().map(|c| (c.code.as_str(), c)).collect();
    let n = findings.len();
    let candidates: Vec<usize> = (0..n)
        .filter(|&i| causes.contains_key(findings[i].code.as_str()))
        .collect();
    // parent[i]: the first finding that explains finding i.
    let mut parent: Vec<Option<usize>> = vec![None; n];
    for (i, effect) in findings.iter().enumerate() {
        parent[i] = candidates.iter().copied().find(|&j| {
            let cause = &findings[j];
            j != i
                && cause.severity >= effect.severity
                && causes[cause.code.as_str()].explains.contains(&effect.code)
                && same_fact(cause, effect)
        });
    }
    // Each finding's root: up the parents, a chain that comes back on itself cut there.
    let root: Vec<usize> = (0..n)
        .map(|i| {
            let mut at = i;
            for _ in 0..n {
                match parent[at] {
                    Some(p) if p != i => at = p,
                    _ => break,
                }
            }
            at
        })
        .collect();
    let mut attached: Vec<Vec<Finding>> = vec![Vec::new(); n];
    let mut kept: Vec<Option<Finding>> = Vec::with_capacity(n);
    for (i, f) in findings.drain(..).enumerate() {
        if root[i] == i {
            kept.push(Some(f));
        } else {
            attached[root[i]].push(explained(pack, lang, f));
            kept.push(None);
        }
    }
    kept.into_iter()
        .zip(attached)
        .filter_map(|(f, explains)| {
            let mut f = f?;
            if !explains.is_empty() {
                f.explains_intro = causes
                    .get(f.code.as_str())
                    .map(|c| c.intro.render(lang, &[]))
                    .unwrap_or_default();
                f.explains = explains;
            }
            Some(f)
        })
        .collect()
}

/// A finding as shown under its cause: the pack's words for that case when it has some
/// (its help, written for the finding on its own, is then dropped).
fn explained(pack: &Pack, lang: &str, mut f: Finding) -> Finding {
    if let Some(text) = pack.explained.get(&f.code) {
        f.message = text.render(lang, &f.args);
        f.help.clear();
    }
    f
}

/// The same finding (code, file, place and message) made by several check instances:
/// one, with the criteria of all, at the highest severity.
fn merge_duplicates(findings: Vec<Finding>) -> Vec<Finding> {
    let mut out: Vec<Finding> = Vec::with_capacity(findings.len());
    let mut seen: HashMap<(String, String, String), usize> = HashMap::new();
    for f in findings {
        let key = (
            f.file.clone(),
            f.code.clone(),
            format!("{:?}\u{0}{}", f.location, f.message),
        );
        match seen.get(&key) {
            Some(&i) => {
                let kept = &mut out[i];
                for c in f.criteria {
                    if !kept.criteria.contains(&c) {
                        kept.criteria.push(c);
                    }
                }
                kept.severity = kept.severity.max(f.severity);
            }
            None => {
                seen.insert(key, out.len());
                out.push(f);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::sync::OnceLock;

    use livrable_model::{BlockKind, Related, Severity};

    use super::*;

    fn pack() -> &'static Pack {
        static PACK: OnceLock<Pack> = OnceLock::new();
        PACK.get_or_init(|| Pack::embedded().unwrap_or_else(|e| panic!("{e}")))
    }

    fn finding(code: &str, severity: Severity, file: &str, location: Location) -> Finding {
        let mut f = Finding::new(code, severity, file, location, code, format!("aide {code}"));
        f.criteria = vec!["C1.6/CE2".into()];
        f
    }

    const BUDGET: &str = "budget.xlsx";
    const PLAN: &str = "plan.docx";

    fn total_cell() -> Location {
        Location::cell("Budget", 10, 2)
    }

    /// The plan's stated total, compared with the budget's total cell.
    fn differs() -> Finding {
        let mut f = finding(
            "plan/budget-total-differs",
            Severity::Error,
            PLAN,
            Location::span(40, 90),
        );
        f.args = vec![
            ("stated".into(), "10 250 € HT".into()),
            ("budget".into(), "9 650 € HT".into()),
            ("file".into(), BUDGET.into()),
        ];
        f.related = vec![Related {
            file: BUDGET.into(),
            location: total_cell(),
        }];
        f
    }

    fn codes(fs: &[Finding]) -> Vec<&str> {
        fs.iter().map(|f| f.code.as_str()).collect()
    }

    #[test]
    fn a_short_formula_explains_the_wrong_total_and_the_plans_difference() {
        let findings = vec![
            finding(
                "budget/formula-range",
                Severity::Error,
                BUDGET,
                total_cell(),
            ),
            finding(
                "budget/total-mismatch",
                Severity::Error,
                BUDGET,
                total_cell(),
            ),
            differs(),
            // Another cell's total: another fact.
            finding(
                "budget/total-mismatch",
                Severity::Error,
                BUDGET,
                Location::cell("Budget", 10, 3),
            ),
        ];
        let grouped = group(pack(), "fr", findings);
        assert_eq!(
            codes(&grouped),
            ["budget/formula-range", "budget/total-mismatch"],
            "one root per fact"
        );
        let root = &grouped[0];
        assert_eq!(
            codes(&root.explains),
            ["budget/total-mismatch", "plan/budget-total-differs"],
            "the plan's difference follows the chain up to the formula"
        );
        assert_eq!(
            root.explains_intro,
            "Cette formule trop courte explique aussi :"
        );
        let plan = &root.explains[1];
        assert!(
            plan.message
                .contains("c'est ce total du budget qui est faux")
                && plan
                    .message
                    .contains("ne recopiez pas 9 650 € HT dans le plan"),
            "the wrong side is named, the wrong figure not advised: {}",
            plan.message
        );
        assert!(
            plan.help.is_empty(),
            "the help that says « copy the total » goes"
        );
        assert!(grouped[1].explains.is_empty());
    }

    #[test]
    fn a_difference_with_a_right_budget_stays_on_its_own() {
        let mut other = differs();
        other.related[0].location = Location::cell("Budget", 3, 2);
        let findings = vec![
            finding(
                "budget/total-mismatch",
                Severity::Error,
                BUDGET,
                total_cell(),
            ),
            other,
        ];
        let grouped = group(pack(), "fr", findings);
        assert_eq!(
            codes(&grouped),
            ["budget/total-mismatch", "plan/budget-total-differs"]
        );
        assert!(grouped[1].message.starts_with("plan/"), "its own words");
        assert_eq!(grouped[1].help, "aide plan/budget-total-differs");
    }

    #[test]
    fn a_cause_never_hides_a_worse_finding() {
        let findings = vec![
            finding(
                "budget/formula-range",
                Severity::Warning,
                BUDGET,
                total_cell(),
            ),
            finding(
                "budget/total-mismatch",
                Severity::Error,
                BUDGET,
                total_cell(),
            ),
        ];
        let grouped = group(pack(), "fr", findings);
        assert_eq!(grouped.len(), 2);
    }

    #[test]
    fn the_same_defect_seen_by_two_instances_is_one_finding_with_both_criteria() {
        let place = Location::span(10, 20);
        let mut second = finding(
            "heading-structure/skipped-level",
            Severity::Warning,
            PLAN,
            place.clone(),
        );
        second.criteria = vec!["C1.6/CE4".into(), "C1.6/CE2".into()];
        let findings = vec![
            finding(
                "heading-structure/skipped-level",
                Severity::Warning,
                PLAN,
                place.clone(),
            ),
            second,
            // Elsewhere: another defect.
            finding(
                "heading-structure/skipped-level",
                Severity::Warning,
                PLAN,
                Location::span(30, 40),
            ),
        ];
        let grouped = group(pack(), "fr", findings);
        assert_eq!(grouped.len(), 2);
        assert_eq!(grouped[0].criteria, ["C1.6/CE2", "C1.6/CE4"]);
        assert_eq!(grouped[1].criteria, ["C1.6/CE2"]);
    }

    #[test]
    fn embedded_pictures_are_named_as_their_author_finds_them() {
        let mut doc = Document::new(PLAN, Format::Docx);
        doc.text = "Titre\nNos ateliers\n\nFin".into();
        doc.blocks = vec![livrable_model::Block {
            kind: BlockKind::Heading { level: 2 },
            text: "Nos ateliers".into(),
            location: Location::span(6, 18),
        }];
        doc.layout.page_break(5, true);
        let image = |at: usize, bytes| Image {
            src: "word/media/image1.png".into(),
            bytes: Some(bytes),
            location: Location::span(at, at),
            ..Image::default()
        };
        doc.images = vec![image(0, 10), image(19, 220_000)];
        let mut f = finding(
            "image-alt/missing",
            Severity::Warning,
            PLAN,
            Location::span(19, 19),
        );
        f.args = vec![("src".into(), "word/media/image1.png".into())];
        let mut findings = vec![f];
        locate(pack(), "fr", &mut findings, &doc);
        let f = &findings[0];
        assert_eq!(
            f.message,
            "Image sans texte alternatif : image 2 (page 2 environ, section « Nos ateliers », 215 Kio)"
        );
        assert_eq!(f.location.page, Some(2));
    }
}
