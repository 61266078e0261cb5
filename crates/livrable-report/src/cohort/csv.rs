//! `cohorte.csv`: for any spreadsheet. UTF-8 with a byte-order mark (so that Excel on
//! Windows reads the accents right) and `;` between fields (Excel in French expects it,
//! since `,` is the decimal separator); quoting is the csv crate's.

use super::Cohort;

/// The class as CSV text: a header, then one line per candidate; a criterion's cell is
/// its status's short label (« atteint »), empty when the candidate's grid has no such
/// criterion.
pub fn cohort_csv(cohort: &Cohort<'_>) -> Vec<u8> {
    let mut out = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    // Writing to memory cannot fail.
    let _ = out.write_record(cohort.header());
    for row in cohort.rows {
        let mut record: Vec<String> = Cohort::fixed_cells(row).iter().map(|c| c.text()).collect();
        record.extend(cohort.criteria.iter().map(|c| {
            row.status(&c.id)
                .map(|s| cohort.short(s).to_string())
                .unwrap_or_default()
        }));
        record.push(row.failure.clone().unwrap_or_default());
        let _ = out.write_record(&record);
    }
    out.into_inner().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::super::testing::{sample, words};
    use super::*;

    #[test]
    fn one_line_per_candidate_read_back_by_a_csv_reader() {
        let (rows, criteria, legend) = sample();
        let words = words();
        let bytes = cohort_csv(&Cohort {
            rows: &rows,
            criteria: &criteria,
            legend: &legend,
            words: &words,
            lang: "fr",
        });
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b';')
            .from_reader(&bytes[3..]);
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(
            header,
            [
                "Candidat",
                "Dossier ou archive",
                "Situations",
                "Fichiers",
                "Erreurs",
                "Avertissements",
                "C1.6/CE1",
                "C1.6/CE2",
                "Non vérifié"
            ]
        );
        let lines: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0][0], "Camille Laurent");
        assert_eq!(lines[0][4], "0");
        assert_eq!(lines[0][6..8], ["atteint", "à compléter"]);
        // A name with quotes and a `;` survives the round trip.
        assert_eq!(lines[1][0], "Zoé \"<b>\" Martin; fils");
        assert_eq!(lines[1][6..8], ["non atteint", "à évaluer"]);
        assert_eq!(lines[2][3..8], ["", "", "", "", ""]);
        assert_eq!(lines[2][8], "archive illisible");
    }
}
