//! Sorting by text, with one sort routine for every type the engine sorts.
//!
//! `slice::sort` is compiled anew for each element type it is used on, and each
//! copy adds about 5 KB to the wasm module. Here the sort itself only ever sees
//! `(&str, usize)` pairs; what is generic is the reordering, which is small.

/// Sorts `items` by the text of each, keeping equal items in their order, as
/// `items.sort_by(|a, b| text(a).cmp(text(b)))` would.
///
/// ```text
/// [("b", 1), ("a", 2), ("b", 3)] by the letter   [("a", 2), ("b", 1), ("b", 3)]
/// ```
pub(crate) fn sort_by_text<T>(items: &mut Vec<T>, text: impl Fn(&T) -> &str) {
    if items.len() < 2 {
        return;
    }
    let order: Vec<usize> = {
        let mut keyed: Vec<(&str, usize)> =
            items.iter().enumerate().map(|(index, item)| (text(item), index)).collect();
        // The indices are unique, so the order of equal texts is kept.
        keyed.sort_unstable();
        keyed.into_iter().map(|(_, index)| index).collect()
    };
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.into_iter().filter_map(|index| slots.get_mut(index)?.take()));
}

/// Sorts texts and removes repeats.
pub(crate) fn sort_dedup<T: AsRef<str>>(items: &mut Vec<T>) {
    sort_by_text(items, |item| item.as_ref());
    items.dedup_by(|a, b| a.as_ref() == b.as_ref());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably_by_text() {
        let mut items = vec![("b", 1), ("a", 2), ("b", 3), ("", 4), ("ab", 5)];
        sort_by_text(&mut items, |item| item.0);
        assert_eq!(items, [("", 4), ("a", 2), ("ab", 5), ("b", 1), ("b", 3)]);
    }

    #[test]
    fn agrees_with_slice_sort() {
        let words = "the quick brown fox jumps over the lazy dog a b c the end";
        let mut ours: Vec<String> = words.split(' ').map(str::to_string).collect();
        let mut std = ours.clone();
        sort_dedup(&mut ours);
        std.sort();
        std.dedup();
        assert_eq!(ours, std);
    }
}
