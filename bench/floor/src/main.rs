//! `parse-floor DIR`: reads every `.md` file of DIR and parses it with pulldown-cmark, with the
//! options livrable's Markdown reader uses, counting headings and images: the least work a
//! heading and alternative-text check must do. One thread.

use pulldown_cmark::{Event, Options, Parser, Tag};

fn main() {
    let dir = std::env::args().nth(1).expect("usage: parse-floor DIR");
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES;
    let (mut files, mut headings, mut images) = (0usize, 0usize, 0usize);
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("a folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    paths.sort();
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("UTF-8 Markdown");
        files += 1;
        for (event, _) in Parser::new_ext(&text, options).into_offset_iter() {
            match event {
                Event::Start(Tag::Heading { .. }) => headings += 1,
                Event::Start(Tag::Image { .. }) => images += 1,
                _ => {}
            }
        }
    }
    println!("{files} files, {headings} headings, {images} images");
}
