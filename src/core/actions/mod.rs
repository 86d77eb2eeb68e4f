//! S3 and STS actions, one per file: each builds its unsigned request and parses its answer.

pub mod assume_role;
pub mod get_caller_identity;
pub mod get_object;
pub mod get_session_token;
pub mod list_objects_v2;

pub use assume_role::{AssumeRole, Assumed};
pub use get_caller_identity::{Caller, GetCallerIdentity};
pub use get_object::GetObject;
pub use get_session_token::GetSessionToken;
pub use list_objects_v2::{ListObjectsV2, ListPage, Object, PageEnd};
