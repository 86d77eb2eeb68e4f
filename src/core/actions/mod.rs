//! S3 actions, one per file: each builds its unsigned request and parses its answer.

pub mod get_object;
pub mod list_objects_v2;

pub use get_object::GetObject;
pub use list_objects_v2::{ListObjectsV2, ListPage, Object, PageEnd};
