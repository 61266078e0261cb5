//! ODS (stub while writing).
use crate::Read;
pub(super) fn is_ods(_bytes: &[u8]) -> bool {
    false
}
pub(super) fn read(_path: &str, _bytes: &[u8]) -> Read {
    Read::unreadable("todo")
}
