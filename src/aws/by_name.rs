//! A catalog table: items sorted by name for listing, found by name with one
//! hash look-up. The checker and planner look regions and services up once
//! per subnet and target, a few hundred thousand times in a large estate.

use std::collections::HashMap;

use foldhash::fast::FixedState;

/// Items sorted by name, each name once (a later item replaces an earlier
/// one of the same name, as collecting into an ordered map would).
#[derive(Debug, Clone)]
pub(crate) struct ByName<T> {
    sorted: Vec<T>,
    index: HashMap<String, usize, FixedState>,
}

impl<T> Default for ByName<T> {
    fn default() -> Self {
        ByName {
            sorted: Vec::new(),
            index: HashMap::default(),
        }
    }
}

impl<T> ByName<T> {
    /// The table of `items`, named by `name`.
    pub fn new(items: Vec<T>, name: impl Fn(&T) -> &str) -> Self {
        let mut last: HashMap<String, T, FixedState> = HashMap::default();
        for item in items {
            last.insert(name(&item).to_string(), item);
        }
        let mut sorted: Vec<T> = last.into_values().collect();
        sorted.sort_by(|a, b| name(a).cmp(name(b)));
        let index = sorted
            .iter()
            .enumerate()
            .map(|(at, item)| (name(item).to_string(), at))
            .collect();
        ByName { sorted, index }
    }

    /// The item named `name`.
    pub fn get(&self, name: &str) -> Option<&T> {
        self.index.get(name).and_then(|&at| self.sorted.get(at))
    }

    /// Every item, sorted by name.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.sorted.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_by_name_and_the_last_of_a_name_wins() {
        let table = ByName::new(vec![("b", 1), ("a", 2), ("b", 3)], |item| item.0);
        assert_eq!(table.iter().copied().collect::<Vec<_>>(), vec![("a", 2), ("b", 3)]);
        assert_eq!(table.get("b"), Some(&("b", 3)));
        assert_eq!(table.get("c"), None);
    }
}
