//! Publication and modification dates.
