//! How schedule (Gantt) tables are read: the header words of their columns, shared by the
//! `gantt` check and the plan's cross-file check, and a reader of their task labels.

use livrable_model::Document;

use crate::tables::{self, Layout, LayoutParams, Sheet, Spec, Vocabulary};

/// Header words of the schedule's columns.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Columns {
    /// The task's label: `tâche`, `action`, `étape`, `activité`.
    pub task: Vec<String>,
    /// `début`, `date de début`, `démarrage`.
    pub start: Vec<String>,
    /// `fin`, `date de fin`, `échéance`, `deadline`.
    pub end: Vec<String>,
    /// `durée`, `nb de jours`.
    pub duration: Vec<String>,
    /// `responsable`, `pilote`, `porteur`, `qui`.
    pub owner: Vec<String>,
    /// A single date or a period per task (a milestone, a plan's « Période » column:
    /// `15/03/2027`, `mars 2027`, `mars–juin 2027`): `date`, `période`, `quand`.
    pub date: Vec<String>,
    /// Columns that are none of these, even if their header shares a word
    /// (`statut`, `avancement`, `dépendance`).
    pub other: Vec<String>,
}

impl Columns {
    /// The header roles of a schedule table, in this order (a header that matches words
    /// of two roles equally goes to the first).
    pub(crate) fn vocabulary(&self) -> Vocabulary {
        Vocabulary::new()
            .role("task", &self.task)
            .role("start", &self.start)
            .role("end", &self.end)
            .role("duration", &self.duration)
            .role("owner", &self.owner)
            .role("date", &self.date)
            .role("other", &self.other)
    }
}

/// A Gantt chart's tasks as another check reads them, to compare a document with its
/// schedule (the plan looks for each of its actions among the tasks). Looser than this
/// check's reading, since a label is all it needs: a header naming the task column is
/// enough (no date or timeline needed), and a chart whose task column has no header (a
/// grid of coloured cells headed only by weeks) gives every text it holds.
pub(crate) struct TaskReader {
    vocabulary: Vocabulary,
    layout: Layout,
}

impl TaskReader {
    /// A reader of the task columns headed by `task_words`.
    pub(crate) fn new(task_words: &[String], layout: &LayoutParams) -> Self {
        TaskReader {
            vocabulary: Vocabulary::new().role("task", task_words),
            layout: Layout::new(layout),
        }
    }

    /// The labels of a document's tasks and phases, in order; failing any task table,
    /// every text cell and every block of the document.
    pub(crate) fn labels<'d>(&self, doc: &'d Document) -> Vec<&'d str> {
        let spec = Spec::new(&self.vocabulary, &self.layout, &["task"], 1);
        let mut out = Vec::new();
        for table in &doc.tables {
            let sheet = Sheet::new(table);
            for f in tables::find(&sheet, &spec) {
                out.extend(f.labels(&sheet, "task"));
            }
        }
        if out.is_empty() {
            for table in &doc.tables {
                for row in &table.rows {
                    for cell in row.iter().filter(|c| tables::is_text(c)) {
                        out.push(cell.text.trim());
                    }
                }
            }
            out.extend(doc.blocks.iter().map(|b| b.text.as_str()));
        }
        out
    }
}
