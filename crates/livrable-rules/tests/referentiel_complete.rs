//! Proves that the rule pack's `referentiel.toml` is the certification's referential, whole
//! and verbatim: the same evaluation situations, criteria, titles and bullets, competences
//! and modality texts as the committed source, nothing missing, nothing made up.
//!
//! The source (`rules/ccm-n6/source/000_c7c5282eb301b3ee.txt`) is read here by its own small
//! parser, which shares no code with the pack: a mistake in the pack cannot hide behind the
//! same mistake in its check. The parser is hand-written (no regex crate in this package)
//! because the format is simple and fixed: one line per table row, four tab-separated
//! cells (activités · compétences · modalités · critères) in light HTML, the column headers
//! repeated on every page, and a cell cut by a page break going on in the next row.
//!
//! Comparisons collapse whitespace and fold typographic apostrophes to `'`, so the pack may
//! lay long text out on several lines; every other character must match.

use livrable_rules::referentiel::{self, Referentiel};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

// ───────────────────────────── reading the committed files ─────────────────────────────

fn pack_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../rules/ccm-n6")
}

fn read(rel: &str) -> String {
    let path = pack_dir().join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn pack() -> Referentiel {
    referentiel::parse(&read("referentiel.toml"))
        .unwrap_or_else(|e| panic!("referentiel.toml: {e}"))
}

fn source() -> Source {
    parse_source(&read("source/000_c7c5282eb301b3ee.txt"))
}

/// Whitespace collapsed to single spaces, typographic apostrophes and non-breaking spaces
/// folded: the differences that are layout, not wording.
fn norm(s: &str) -> String {
    let folded: String = s
        .chars()
        .map(|c| match c {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' => '\'',
            '\u{00A0}' | '\u{202F}' => ' ',
            c => c,
        })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

// ───────────────────────────── the independent source parser ─────────────────────────────

#[derive(Debug, Default)]
struct Source {
    /// Lines outside the table (title page, block introductions), trimmed.
    prose_lines: Vec<String>,
    /// (`B1`, title) in document order.
    blocks: Vec<(String, String)>,
    situations: Vec<SrcSituation>,
}

#[derive(Debug, Default)]
struct SrcSituation {
    block: String,
    /// The situation whose row started the modality text this one is evaluated by.
    modality_owner: String,
    /// Raw accumulated text of the competences column (mended across page breaks).
    competences_text: String,
    /// Raw accumulated text of the criteria column.
    criteria_text: String,
    /// The modality text, when this situation's rows start one.
    modality: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
struct SrcCompetence {
    id: String,
    wording: String,
}

#[derive(Debug, Clone, PartialEq)]
struct SrcCriterion {
    number: u32,
    title: String,
    bullets: Vec<String>,
}

/// A cell's text: `<i>` dropped (it sits inside words and before punctuation), every other
/// tag read as a space, whitespace collapsed.
fn cell_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        match rest[start..].find('>') {
            Some(len) => {
                let tag = &rest[start + 1..start + len];
                if tag != "i" && tag != "/i" {
                    out.push(' ');
                }
                rest = &rest[start + len + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    norm(&out)
}

const BULLETS: [&str; 3] = ["-", "•", "●"];

/// Appends a cell's text to what came before it in the same column. A page break can cut a
/// list item in two and open a spurious item on the next page (« Un post sur les réseaux »
/// / « - sociaux adapté à la plateforme. »): when the text before ends in a letter and the
/// new piece is a list item that starts in lower case, the marker is dropped.
fn mend(acc: &mut String, piece: &str) {
    if piece.is_empty() {
        return;
    }
    if acc.is_empty() {
        acc.push_str(piece);
        return;
    }
    let mut piece = piece;
    if let Some((marker, after)) = piece.split_once(' ') {
        let ends_in_letter = acc.chars().last().is_some_and(char::is_alphabetic);
        let starts_lower = after.chars().next().is_some_and(char::is_lowercase);
        if BULLETS.contains(&marker) && ends_in_letter && starts_lower {
            piece = after;
        }
    }
    acc.push(' ');
    acc.push_str(piece);
}

/// `BLOC 2. Mettre en œuvre…` → (`B2`, title).
fn block_header(text: &str) -> Option<(String, String)> {
    let rest = text.trim_start().strip_prefix("BLOC ")?;
    let (number, title) = rest.split_once(". ")?;
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((format!("B{number}"), title.trim().to_string()))
}

/// A token that opens a criterion: `CE3` (followed by a `-` token) or `CE1-`.
fn ce_number(token: &str) -> Option<(u32, bool)> {
    let digits = token.strip_prefix("CE")?;
    let (digits, dash_attached) = match digits.strip_suffix('-') {
        Some(d) => (d, true),
        None => (digits, false),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((digits.parse().ok()?, dash_attached))
}

/// A token that opens a competence: `C1.1.`, `C2.8` or the misprinted `C.2.11.`, read as
/// its normal id (`C2.11`).
fn competence_id(token: &str) -> Option<String> {
    let rest = token.strip_prefix('C')?;
    let rest = rest.strip_prefix('.').unwrap_or(rest);
    let rest = rest.strip_suffix('.').unwrap_or(rest);
    let (block, number) = rest.split_once('.')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (digits(block) && digits(number)).then(|| format!("C{block}.{number}"))
}

fn parse_source(text: &str) -> Source {
    let mut src = Source::default();
    let mut block = String::new();
    let mut modality_owner: Option<usize> = None;
    for line in text.lines() {
        if !line.contains('\t') {
            let prose = line.trim();
            if let Some(header) = block_header(prose) {
                block = header.0.clone();
                src.blocks.push(header);
            }
            if !prose.is_empty() {
                src.prose_lines.push(prose.to_string());
            }
            continue;
        }
        let cells: Vec<&str> = line.split('\t').collect();
        assert!(
            cells.len() >= 4,
            "a table row with fewer than 4 cells: {line}"
        );
        if cells[0].starts_with("REFERENTIEL D'ACTIVITES") || cells[2].starts_with("MODALITES D") {
            continue; // the column headers, repeated on every page
        }
        // A block header inside the table is the first paragraph of the activities cell.
        let first_paragraph = cells[0].split("</p>").next().unwrap_or_default();
        if let Some(header) = block_header(&cell_text(first_paragraph)) {
            block = header.0.clone();
            src.blocks.push(header);
        }
        let competences = cell_text(cells[1]);
        let modality = cell_text(cells[2]);
        let criteria = cell_text(cells[3]);
        if criteria
            .split(' ')
            .next()
            .and_then(ce_number)
            .is_some_and(|(n, _)| n == 1)
        {
            src.situations.push(SrcSituation {
                block: block.clone(),
                ..SrcSituation::default()
            });
        }
        let Some(current) = src.situations.len().checked_sub(1) else {
            assert!(
                competences.is_empty() && modality.is_empty() && criteria.is_empty(),
                "table content before the first criterion: {line}"
            );
            continue;
        };
        if modality.starts_with("L'évaluation est réalisée") {
            src.situations[current].modality = Some(String::new());
            modality_owner = Some(current);
        }
        if let Some(owner) = modality_owner {
            if let Some(text) = src.situations[owner].modality.as_mut() {
                mend(text, &modality);
            }
        }
        let s = &mut src.situations[current];
        mend(&mut s.competences_text, &competences);
        mend(&mut s.criteria_text, &criteria);
    }
    // Which situation holds each one's modality text: the last one started at or before it.
    let mut owner = None;
    for i in 0..src.situations.len() {
        if src.situations[i].modality.is_some() {
            owner = Some(i);
        }
        let owner_id = owner
            .map(|o| src.competences_of(o)[0].id.clone())
            .unwrap_or_default();
        src.situations[i].modality_owner = owner_id;
    }
    src
}

impl Source {
    fn competences_of(&self, situation: usize) -> Vec<SrcCompetence> {
        let mut out: Vec<SrcCompetence> = Vec::new();
        for token in self.situations[situation].competences_text.split(' ') {
            if let Some(id) = competence_id(token) {
                out.push(SrcCompetence {
                    id,
                    wording: String::new(),
                });
            } else if let Some(last) = out.last_mut() {
                if !last.wording.is_empty() {
                    last.wording.push(' ');
                }
                last.wording.push_str(token);
            } else {
                panic!("text before the first competence of a situation: {token}");
            }
        }
        assert!(!out.is_empty(), "a situation without competence");
        out
    }

    fn id(&self, situation: usize) -> String {
        self.competences_of(situation)[0].id.clone()
    }

    fn criteria_of(&self, situation: usize) -> Vec<SrcCriterion> {
        let mut out: Vec<SrcCriterion> = Vec::new();
        // Inside a criterion: reading its title until the first bullet, then its bullets.
        let mut in_title = false;
        let mut tokens = self.situations[situation]
            .criteria_text
            .split(' ')
            .peekable();
        while let Some(token) = tokens.next() {
            if let Some((number, dash_attached)) = ce_number(token) {
                if dash_attached || tokens.next_if_eq(&"-").is_some() {
                    out.push(SrcCriterion {
                        number,
                        title: String::new(),
                        bullets: Vec::new(),
                    });
                    in_title = true;
                    continue;
                }
            }
            let Some(c) = out.last_mut() else {
                panic!("text before the first criterion of a situation: {token}");
            };
            if token == "-" {
                in_title = false;
                c.bullets.push(String::new());
                continue;
            }
            let target = if in_title {
                &mut c.title
            } else {
                c.bullets.last_mut().expect("a bullet")
            };
            if !target.is_empty() {
                target.push(' ');
            }
            target.push_str(token);
        }
        out
    }
}

/// The source, parsed once and flattened to what the pack is compared with.
struct Flat {
    situation_ids: Vec<String>,
    /// criterion id → (situation id, title, bullets), in source order.
    criteria: Vec<(String, String, SrcCriterion)>,
    /// competence id → (situation id, block id, wording), in source order.
    competences: Vec<(String, String, String, String)>,
}

fn flatten(src: &Source) -> Flat {
    let mut flat = Flat {
        situation_ids: Vec::new(),
        criteria: Vec::new(),
        competences: Vec::new(),
    };
    for i in 0..src.situations.len() {
        let sid = src.id(i);
        for c in src.competences_of(i) {
            flat.competences.push((
                c.id,
                sid.clone(),
                src.situations[i].block.clone(),
                c.wording,
            ));
        }
        for (position, c) in src.criteria_of(i).into_iter().enumerate() {
            assert_eq!(
                c.number as usize,
                position + 1,
                "CE numbers of {sid} are not 1, 2, 3…"
            );
            flat.criteria
                .push((format!("{sid}/CE{}", c.number), sid.clone(), c));
        }
        flat.situation_ids.push(sid);
    }
    flat
}

// ───────────────────────────── comparisons, naming each difference ─────────────────────────────

fn short(s: &str) -> String {
    const MAX: usize = 90;
    if s.chars().count() <= MAX {
        format!("« {s} »")
    } else {
        format!("« {}… »", s.chars().take(MAX).collect::<String>())
    }
}

/// Where two normalised texts part: a few words of each around the first differing
/// character, so a one-word slip in a long modality text is found at a glance.
fn first_difference(source: &str, pack: &str) -> String {
    let (a, b) = (norm(source), norm(pack));
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let at = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let from = at.saturating_sub(40);
    let around = |t: &[char]| {
        let end = (at + 40).min(t.len());
        let text: String = t.get(from..end).unwrap_or_default().iter().collect();
        format!(
            "«{}{text}{}»",
            if from > 0 { "…" } else { "" },
            if end < t.len() { "…" } else { "" }
        )
    };
    format!(
        "first difference at character {}\n    source: {}\n    pack:   {}",
        at + 1,
        around(&a),
        around(&b)
    )
}

/// Every difference between the source's criteria and the pack's, one line each.
fn criteria_problems(flat: &Flat, pack: &Referentiel) -> Vec<String> {
    let mut problems = Vec::new();
    let source_ids: BTreeSet<&str> = flat.criteria.iter().map(|(id, _, _)| id.as_str()).collect();
    for (id, situation, c) in &flat.criteria {
        let Some(p) = pack.criterion(id) else {
            problems.push(format!(
                "criterion {id} {} is in the source but missing from the pack",
                short(&c.title)
            ));
            continue;
        };
        if p.situation != *situation {
            problems.push(format!(
                "criterion {id} belongs to situation {situation} in the source, to {} in the pack",
                p.situation
            ));
        }
        if norm(&p.title) != norm(&c.title) {
            problems.push(format!(
                "criterion {id}: title differs\n    source: {}\n    pack:   {}",
                c.title, p.title
            ));
        }
        for i in 0..c.bullets.len().max(p.bullets.len()) {
            let bid = format!("{id}/{}", i + 1);
            match (c.bullets.get(i), p.bullets.get(i)) {
                (Some(s), None) => problems.push(format!(
                    "bullet {bid} {} is in the source but missing from the pack",
                    short(s)
                )),
                (None, Some(b)) => problems.push(format!(
                    "bullet {} {} is in the pack but not in the source",
                    b.id,
                    short(&b.text)
                )),
                (Some(s), Some(b)) if norm(s) != norm(&b.text) => problems.push(format!(
                    "bullet {bid}: wording differs\n    source: {s}\n    pack:   {}",
                    b.text
                )),
                _ => {}
            }
        }
    }
    for p in &pack.criteria {
        if !source_ids.contains(p.id.as_str()) {
            problems.push(format!(
                "criterion {} {} is in the pack but not in the source",
                p.id,
                short(&p.title)
            ));
        }
    }
    let source_order: Vec<&str> = flat.criteria.iter().map(|(id, _, _)| id.as_str()).collect();
    let pack_order: Vec<&str> = pack
        .criteria
        .iter()
        .map(|c| c.id.as_str())
        .filter(|id| source_ids.contains(id))
        .collect();
    let common_source: Vec<&str> = source_order
        .iter()
        .copied()
        .filter(|id| pack.criterion(id).is_some())
        .collect();
    if let Some(i) = (0..common_source.len()).find(|&i| common_source.get(i) != pack_order.get(i)) {
        problems.push(format!(
            "criteria are not in the source's order: the source has {} where the pack has {}",
            common_source[i],
            pack_order.get(i).unwrap_or(&"nothing")
        ));
    }
    problems
}

/// Every difference between the source's situations and competences and the pack's.
fn situation_problems(src: &Source, flat: &Flat, pack: &Referentiel) -> Vec<String> {
    let mut problems = Vec::new();
    let pack_ids: Vec<&str> = pack.situations.iter().map(|s| s.id.as_str()).collect();
    for id in &flat.situation_ids {
        if !pack_ids.contains(&id.as_str()) {
            problems.push(format!(
                "situation {id} is in the source but missing from the pack"
            ));
        }
    }
    for id in &pack_ids {
        if !flat.situation_ids.iter().any(|s| s == id) {
            problems.push(format!(
                "situation {id} is in the pack but not in the source"
            ));
        }
    }
    if pack_ids.len() == flat.situation_ids.len()
        && pack_ids
            .iter()
            .zip(&flat.situation_ids)
            .any(|(p, s)| p != s)
    {
        problems.push(format!(
            "situations are not in the source's order: source {:?}, pack {pack_ids:?}",
            flat.situation_ids
        ));
    }
    for (i, id) in flat.situation_ids.iter().enumerate() {
        let Some(p) = pack.situation(id) else {
            continue;
        };
        let s = &src.situations[i];
        let source_competences: Vec<String> =
            src.competences_of(i).into_iter().map(|c| c.id).collect();
        if p.competences != source_competences {
            problems.push(format!(
                "situation {id} evaluates {source_competences:?} in the source, {:?} in the pack",
                p.competences
            ));
        }
        if p.block != s.block {
            problems.push(format!(
                "situation {id} is in block {} in the source, {} in the pack",
                s.block, p.block
            ));
        }
        let pack_owner = p.modalities_from.clone().unwrap_or_else(|| id.clone());
        if pack_owner != s.modality_owner {
            problems.push(format!(
                "situation {id}: the source gives it the modality text of {}, the pack that of {pack_owner}",
                s.modality_owner
            ));
        }
        if let (Some(text), Some(pack_text)) = (&s.modality, &p.modalities) {
            if norm(text) != norm(pack_text) {
                problems.push(format!(
                    "situation {id}: modality text differs, {}",
                    first_difference(text, pack_text)
                ));
            }
        }
    }
    let pack_competences: Vec<&str> = pack.competences.iter().map(|c| c.id.as_str()).collect();
    for (id, situation, block, wording) in &flat.competences {
        match pack.competence(id) {
            None => problems.push(format!(
                "competence {id} {} is in the source but missing from the pack",
                short(wording)
            )),
            Some(c) => {
                if norm(&c.wording) != norm(wording) {
                    problems.push(format!(
                        "competence {id}: wording differs, {}",
                        first_difference(wording, &c.wording)
                    ));
                }
                if c.block != *block {
                    problems.push(format!(
                        "competence {id} is in block {block} in the source, {} in the pack",
                        c.block
                    ));
                }
                let evaluated_by = pack.situation_of_competence(id).map(|s| s.id.as_str());
                if evaluated_by != Some(situation.as_str()) {
                    problems.push(format!(
                        "competence {id} is evaluated by situation {situation} in the source, by {evaluated_by:?} in the pack"
                    ));
                }
            }
        }
    }
    for id in pack_competences {
        if !flat.competences.iter().any(|(c, _, _, _)| c == id) {
            problems.push(format!(
                "competence {id} is in the pack but not in the source"
            ));
        }
    }
    problems
}

fn assert_none(what: &str, problems: Vec<String>) {
    assert!(
        problems.is_empty(),
        "{what}: {} difference(s) between rules/ccm-n6/referentiel.toml and the source:\n- {}",
        problems.len(),
        problems.join("\n- ")
    );
}

// ───────────────────────────── the tests ─────────────────────────────

#[test]
fn the_source_parser_finds_the_whole_referential() {
    // The counts the referential is known to have: if the parser misreads the source, the
    // comparisons below would compare the pack with the wrong thing.
    let src = source();
    let flat = flatten(&src);
    assert_eq!(src.blocks.len(), 3, "blocks found: {:?}", src.blocks);
    assert_eq!(
        flat.situation_ids.len(),
        15,
        "situations found: {:?}",
        flat.situation_ids
    );
    assert_eq!(flat.criteria.len(), 59, "criteria found");
    assert_eq!(flat.competences.len(), 26, "competences found");
    assert_eq!(
        src.situations
            .iter()
            .filter(|s| s.modality.is_some())
            .count(),
        13,
        "modality texts"
    );
    for (id, _, c) in &flat.criteria {
        assert!(!c.title.is_empty(), "{id} has no title");
        assert!(
            !c.bullets.is_empty() && c.bullets.iter().all(|b| !b.is_empty()),
            "{id} has an empty bullet"
        );
    }
}

#[test]
fn the_pack_has_the_expected_counts() {
    let pack = pack();
    assert_eq!(pack.blocks.len(), 3, "blocks");
    assert_eq!(pack.competences.len(), 26, "competences (C1.1 … C3.7)");
    assert_eq!(pack.situations.len(), 15, "evaluation situations");
    assert_eq!(pack.criteria.len(), 59, "criteria");
}

#[test]
fn criteria_titles_and_bullets_are_exactly_the_source() {
    let flat = flatten(&source());
    assert_none("criteria", criteria_problems(&flat, &pack()));
}

#[test]
fn situations_competences_and_modalities_are_exactly_the_source() {
    let src = source();
    let flat = flatten(&src);
    assert_none(
        "situations and competences",
        situation_problems(&src, &flat, &pack()),
    );
}

#[test]
fn blocks_and_certification_are_the_source() {
    let src = source();
    let pack = pack();
    let source_blocks: Vec<(String, String)> = src
        .blocks
        .iter()
        .map(|(id, t)| (id.clone(), norm(t)))
        .collect();
    let pack_blocks: Vec<(String, String)> = pack
        .blocks
        .iter()
        .map(|b| (b.id.clone(), norm(&b.title)))
        .collect();
    assert_eq!(
        pack_blocks, source_blocks,
        "blocks (id, title): pack on the left, source on the right"
    );
    let c = &pack.certification;
    let has_line = |l: &str| src.prose_lines.iter().any(|p| norm(p) == norm(l));
    assert!(
        has_line(&c.title),
        "the certification title {} is not a line of the source",
        short(&c.title)
    );
    assert!(
        has_line(&format!("Niveau {}", c.level)),
        "the source does not say « Niveau {} »",
        c.level
    );
    if let Some(issuer) = &c.issuer {
        assert!(
            has_line(issuer),
            "the issuer {} is not a line of the source",
            short(issuer)
        );
    }
    assert!(
        pack_dir().join(&c.source).is_file(),
        "certification.source {} is not a file of the pack",
        c.source
    );
}

#[test]
fn every_reference_resolves() {
    let pack = pack();
    assert_none("integrity", pack.integrity_errors());
    let mut problems = Vec::new();
    for c in &pack.criteria {
        if pack.situation(&c.situation).is_none() {
            problems.push(format!(
                "criterion {} belongs to no existing situation ({})",
                c.id, c.situation
            ));
        }
    }
    for c in &pack.competences {
        if pack.block(&c.block).is_none() {
            problems.push(format!(
                "competence {} belongs to no existing block ({})",
                c.id, c.block
            ));
        }
    }
    for s in &pack.situations {
        if pack.modalities(&s.id).is_none() {
            problems.push(format!("situation {} has no modality text", s.id));
        }
    }
    assert_none("references", problems);
}

/// The deliverable kinds a situation may name: those of `deliverables.toml` (the lead's
/// list) and those this referential adds. A typo in a kind would otherwise pass silently.
const KINDS: &[&str] = &[
    // the kinds deliverables.toml defines or is to define
    "blog-article",
    "newsletter",
    "press-release",
    "social-post",
    "print",
    "video",
    "web-page",
    "communication-plan",
    "budget",
    "gantt",
    "crisis-plan",
    "charter",
    "raci",
    "dashboard",
    "brief",
    "meeting-agenda",
    "workshop",
    "report",
    "diagnostic",
    "presentation",
    "media-plan",
    "editorial-calendar",
    "content-process",
    "action-plan",
    // added by the referential (situations asking for something the list did not cover)
    "strategy",
    "watch",
    "campaign-brief",
    "crisis-report",
    "replies",
    "event",
    "partnership",
    "press-contact",
    "project-framing",
    "project-control",
];

#[test]
fn expected_deliverables_are_quoted_verbatim_and_use_known_kinds() {
    let pack = pack();
    let mut problems = Vec::new();
    for s in &pack.situations {
        // What a snippet may quote: the situation's modality text, its criteria and its
        // competences. Separators keep a snippet from matching across two of them.
        let mut quotable = vec![pack.modalities(&s.id).unwrap_or_default().to_string()];
        for c in pack.criteria_of(&s.id) {
            quotable.push(c.title.clone());
            quotable.extend(c.bullets.iter().map(|b| b.text.clone()));
        }
        for id in &s.competences {
            quotable.extend(pack.competence(id).map(|c| c.wording.clone()));
        }
        let quotable: Vec<String> = quotable.iter().map(|q| norm(q)).collect();
        let mut check = |what: &str, snippet: &str| {
            let n = norm(snippet);
            if n.is_empty() || !quotable.iter().any(|q| q.contains(&n)) {
                problems.push(format!(
                    "situation {}: {what} {} is not a verbatim snippet of its modality, criteria or competences",
                    s.id,
                    short(snippet)
                ));
            }
        };
        for w in &s.without_file {
            check("without_file", w);
        }
        for e in &s.expects {
            check(&format!("the label of `{}`", e.kind), &e.label);
            for i in &e.includes {
                check(&format!("an item included in `{}`", e.kind), i);
            }
        }
        let kinds: BTreeSet<&str> = s.expects.iter().map(|e| e.kind.as_str()).collect();
        for e in &s.expects {
            if !KINDS.contains(&e.kind.as_str()) {
                problems.push(format!(
                    "situation {}: unknown deliverable kind `{}`",
                    s.id, e.kind
                ));
            }
            if let Some(parent) = &e.part_of {
                if !kinds.contains(parent.as_str()) {
                    problems.push(format!(
                        "situation {}: `{}` is part_of `{parent}`, which the situation does not expect",
                        s.id, e.kind
                    ));
                }
            }
        }
    }
    assert_none("expected deliverables", problems);
}

// ───────────────────────────── the comparison catches what it must ─────────────────────────────
//
// These damage a copy of the pack in memory and check that the comparison names the damage.
// They count only the problems the damage adds, so they still test the comparison when the
// committed pack itself is wrong (the tests above report that).

fn added(before: &[String], after: Vec<String>) -> Vec<String> {
    after.into_iter().filter(|p| !before.contains(p)).collect()
}

#[test]
fn a_criterion_deleted_from_the_pack_is_named() {
    let flat = flatten(&source());
    let mut pack = pack();
    let before = criteria_problems(&flat, &pack);
    // C1.6/CE2, or the last criterion both have if the committed pack already lacks it.
    let Some((id, _, c)) = flat
        .criteria
        .iter()
        .filter(|(id, _, _)| pack.criterion(id).is_some())
        .find(|(id, _, _)| id == "C1.6/CE2")
        .or_else(|| {
            flat.criteria
                .iter()
                .rev()
                .find(|(id, _, _)| pack.criterion(id).is_some())
        })
    else {
        panic!("the pack and the source have no criterion in common");
    };
    pack.criteria.retain(|p| p.id != *id);
    let problems = added(&before, criteria_problems(&flat, &pack));
    let expected = format!(
        "criterion {id} {} is in the source but missing from the pack",
        short(&c.title)
    );
    assert_eq!(problems, [expected]);
}

#[test]
fn a_changed_or_added_bullet_is_named() {
    let flat = flatten(&source());
    let mut pack = pack();
    let before = criteria_problems(&flat, &pack);
    let Some(c) = pack.criteria.iter_mut().find(|c| c.id == "C1.1/CE3") else {
        panic!("C1.1/CE3 is missing from the pack");
    };
    c.bullets[1].text = "Les parties prenantes sont identifiées.".into();
    let mut extra = c.bullets[0].clone();
    extra.id = "C1.1/CE3/5".into();
    c.bullets.push(extra);
    let problems = added(&before, criteria_problems(&flat, &pack));
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert!(
        problems[0].starts_with("bullet C1.1/CE3/2: wording differs"),
        "{}",
        problems[0]
    );
    assert!(
        problems[1].starts_with("bullet C1.1/CE3/5 "),
        "{}",
        problems[1]
    );
    assert!(
        problems[1].ends_with("is in the pack but not in the source"),
        "{}",
        problems[1]
    );
}

#[test]
fn an_invented_criterion_and_a_wrong_title_are_named() {
    let flat = flatten(&source());
    let mut pack = pack();
    let before = criteria_problems(&flat, &pack);
    let mut invented = pack.criteria[0].clone();
    invented.id = "C1.1/CE9".into();
    pack.criteria.push(invented);
    pack.criteria[1].title.push_str(" (résumé)");
    let problems = added(&before, criteria_problems(&flat, &pack));
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("criterion C1.1/CE2: title differs")),
        "{problems:#?}"
    );
    assert!(
        problems.iter().any(|p| p.starts_with("criterion C1.1/CE9 ")
            && p.ends_with("is in the pack but not in the source")),
        "{problems:#?}"
    );
}

#[test]
fn a_competence_moved_or_a_modality_changed_is_named() {
    let src = source();
    let flat = flatten(&src);
    let mut pack = pack();
    let before = situation_problems(&src, &flat, &pack);
    let Some(s) = pack.situations.iter_mut().find(|s| s.id == "C1.1") else {
        panic!("situation C1.1 is missing from the pack");
    };
    s.competences.retain(|c| c != "C1.3");
    if let Some(m) = s.modalities.as_mut() {
        *m = m.replace("SWOT", "PESTEL");
    }
    let problems = added(&before, situation_problems(&src, &flat, &pack));
    let has = |needle: &str| problems.iter().any(|p| p.contains(needle));
    assert!(
        has("situation C1.1 evaluates [\"C1.1\", \"C1.2\", \"C1.3\"] in the source"),
        "{problems:#?}"
    );
    assert!(
        has("situation C1.1: modality text differs, first difference at character"),
        "{problems:#?}"
    );
    assert!(
        has("pack:   «…es de communication, synthétisée par un PESTEL. • Proposer"),
        "{problems:#?}"
    );
    assert!(
        has("competence C1.3 is evaluated by situation C1.1 in the source, by None in the pack"),
        "{problems:#?}"
    );
}

#[test]
fn the_parser_mends_page_breaks() {
    // A bullet cut by a page break is read whole, and the spurious list item the break
    // opens inside the C2.1 modality is closed.
    let src = source();
    let flat = flatten(&src);
    let bullets: BTreeMap<String, &SrcCriterion> = flat
        .criteria
        .iter()
        .map(|(id, _, c)| (id.clone(), c))
        .collect();
    assert_eq!(
        bullets["C2.1/CE2"].bullets[0],
        "L'article de blog est optimisé pour le web : il inclut des mots-clés pertinents, des liens internes et externes, et une structure claire (titres, sous-titres, paragraphes)."
    );
    let c21 = src
        .situations
        .iter()
        .find_map(|s| s.modality.as_ref().filter(|m| m.contains("Un post sur")))
        .expect("C2.1 modality");
    assert!(
        c21.contains("- Un post sur les réseaux sociaux adapté à la plateforme."),
        "{c21}"
    );
    // and a real list item after a page break stays one
    assert_eq!(bullets["C1.1/CE2"].bullets.len(), 3);
    assert_eq!(
        bullets["C1.5/CE1"].title,
        "Pertinence des situations à risque identifiées"
    );
}

#[test]
fn norm_folds_layout_only() {
    assert_eq!(norm("  l’image\n   et\u{a0}la  "), "l'image et la");
    assert_ne!(norm("l'image"), norm("l image"));
    assert_eq!(
        cell_text("<p>au moyen de <i>personas</i>.</p> <ul style=\"x\"> - a"),
        "au moyen de personas. - a"
    );
}
