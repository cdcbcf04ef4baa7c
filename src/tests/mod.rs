//! Tests that span modules: they exercise one stage through the writers of a higher one, so
//! they live above both instead of making the lower module import the higher.

mod classification;
mod example_effects;
