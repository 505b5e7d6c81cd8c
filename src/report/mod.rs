//! Report structs (plain data, serde) and their renderers. Commands build a report from core
//! results and hand the rendered string to the UI; nothing here prints.

pub mod drift;

pub use drift::{DriftReport, Summary};
