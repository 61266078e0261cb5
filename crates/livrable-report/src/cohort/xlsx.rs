//! `cohorte.xlsx`: the same table as `cohorte.csv`, as an Excel workbook written by
//! rust_xlsxwriter: the header row and the names' column frozen, filters on every column,
//! each status in its colour and with its symbol (« ✔ atteint »: readable in black and
//! white and without telling colours apart), and a link to each candidate's grid.

use livrable_model::ChecklistStatus;
use rust_xlsxwriter::{Color, Format, FormatBorder, Url, Workbook, XlsxError};

use super::{Cell, Cohort};

/// Background and text colours of a status cell (Excel's « Good », « Bad », « Neutral »
/// styles, and a light blue for what is left to the evaluator): dark text on a light fill,
/// contrast over 4.5:1.
fn colours(status: ChecklistStatus) -> (u32, u32) {
    match status {
        ChecklistStatus::Met => (0xC6EFCE, 0x006100),
        ChecklistStatus::NotMet => (0xFFC7CE, 0x9C0006),
        ChecklistStatus::Partial => (0xFFEB9C, 0x7A4A00),
        ChecklistStatus::Manual => (0xDDEBF7, 0x1F3F7A),
    }
}

/// The class as an Excel workbook, one sheet.
pub fn cohort_xlsx(cohort: &Cohort<'_>) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(cohort.word("cohort.sheet"))?;
    let bold = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color(Color::RGB(0xEEEEEE))
        .set_border(FormatBorder::Thin);
    let plain = Format::new().set_border(FormatBorder::Thin);
    let status_format = |status: ChecklistStatus| {
        let (fill, text) = colours(status);
        Format::new()
            .set_background_color(Color::RGB(fill))
            .set_font_color(Color::RGB(text))
            .set_border(FormatBorder::Thin)
    };

    let mut header = cohort.header();
    header.push(cohort.word("cohort.column.links").to_string());
    for (c, title) in header.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, title, &bold)?;
    }
    let first_criterion = 6u16;
    let problem_col = first_criterion + cohort.criteria.len() as u16;
    let link_col = problem_col + 1;
    for (i, row) in cohort.rows.iter().enumerate() {
        let r = (i + 1) as u32;
        for (c, cell) in Cohort::fixed_cells(row).iter().enumerate() {
            match cell {
                Cell::Text(t) => sheet.write_string_with_format(r, c as u16, t, &plain)?,
                Cell::Number(n) => sheet.write_number_with_format(r, c as u16, *n, &plain)?,
            };
        }
        for (k, criterion) in cohort.criteria.iter().enumerate() {
            let c = first_criterion + k as u16;
            match row.status(&criterion.id) {
                Some(status) => sheet.write_string_with_format(
                    r,
                    c,
                    cohort.marked(status),
                    &status_format(status),
                )?,
                None => sheet.write_string_with_format(r, c, "", &plain)?,
            };
        }
        sheet.write_string_with_format(
            r,
            problem_col,
            row.failure.as_deref().unwrap_or(""),
            &plain,
        )?;
        if let Some(grid) = &row.grid {
            sheet.write_url_with_text(
                r,
                link_col,
                Url::new(format!("file:///{grid}")),
                cohort.word("cohort.grid"),
            )?;
        }
    }
    let last_row = cohort.rows.len() as u32;
    sheet.set_freeze_panes(1, 1)?;
    sheet.autofilter(0, 0, last_row, link_col)?;
    sheet.set_column_width(0, 28)?;
    sheet.set_column_width(1, 30)?;
    sheet.set_column_width(2, 12)?;
    for c in 3..6 {
        sheet.set_column_width(c, 10)?;
    }
    for c in first_criterion..problem_col {
        sheet.set_column_width(c, 15)?;
    }
    sheet.set_column_width(problem_col, 40)?;
    sheet.set_column_width(link_col, 12)?;
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use calamine::{Data, Reader, Xlsx};

    use super::super::testing::{sample, words};
    use super::*;

    #[test]
    fn read_back_by_calamine() {
        let (rows, criteria, legend) = sample();
        let words = words();
        let bytes = cohort_xlsx(&Cohort {
            rows: &rows,
            criteria: &criteria,
            legend: &legend,
            words: &words,
            lang: "fr",
        })
        .unwrap();
        let mut book = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(book.sheet_names(), ["Cohorte"]);
        let range = book.worksheet_range("Cohorte").unwrap();
        let cell = |r: u32, c: u32| range.get_value((r, c)).cloned().unwrap_or(Data::Empty);
        assert_eq!(cell(0, 0), Data::String("Candidat".into()));
        assert_eq!(cell(0, 6), Data::String("C1.6/CE1".into()));
        assert_eq!(cell(1, 0), Data::String("Camille Laurent".into()));
        // Counts are numbers, to sort and sum.
        assert_eq!(cell(1, 3), Data::Float(3.0));
        assert_eq!(cell(1, 6), Data::String("✔ atteint".into()));
        assert_eq!(cell(1, 7), Data::String("◐ à compléter".into()));
        assert_eq!(cell(2, 6), Data::String("✘ non atteint".into()));
        assert_eq!(cell(3, 8), Data::String("archive illisible".into()));
        assert_eq!(cell(1, 9), Data::String("grille".into()));
        assert_eq!(range.height(), 4);

        // Frozen header and names, filters, the status fills: in the sheet's XML.
        let bytes = cohort_xlsx(&Cohort {
            rows: &rows,
            criteria: &criteria,
            legend: &legend,
            words: &words,
            lang: "fr",
        })
        .unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let part = |zip: &mut zip::ZipArchive<_>, name: &str| {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut text).unwrap();
            text
        };
        let sheet = part(&mut zip, "xl/worksheets/sheet1.xml");
        assert!(sheet.contains(r#"xSplit="1" ySplit="1""#), "{sheet}");
        assert!(sheet.contains(r#"<autoFilter ref="A1:J4"/>"#), "{sheet}");
        let styles = part(&mut zip, "xl/styles.xml");
        for fill in ["FFC6EFCE", "FFFFC7CE", "FFFFEB9C", "FFDDEBF7"] {
            assert!(styles.contains(fill), "{fill} in {styles}");
        }
    }
}
