//! Union-find over report numbers (u32) with path halving, union by size and a circular
//! member list per set, so that a set can be listed, and dissolved and rebuilt locally,
//! in time proportional to its size.
//!
//! Ties in union by size go to the smaller report number, so the same sequence of unions
//! always yields the same roots.

#[derive(Debug, Default, Clone)]
pub(crate) struct Dsu {
    parent: Vec<u32>,
    size: Vec<u32>,
    /// Circular singly linked list through every member of a set; merging two sets swaps
    /// two `next` pointers.
    next: Vec<u32>,
}

impl Dsu {
    pub(crate) fn push(&mut self) -> u32 {
        let id = self.parent.len() as u32;
        self.parent.push(id);
        self.size.push(1);
        self.next.push(id);
        id
    }

    pub(crate) fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let grand = self.parent[self.parent[x as usize] as usize];
            self.parent[x as usize] = grand;
            x = grand;
        }
        x
    }

    /// Root without compressing (for `&self` callers).
    pub(crate) fn find_ro(&self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            x = self.parent[x as usize];
        }
        x
    }

    pub(crate) fn size_of_root(&self, root: u32) -> u32 {
        self.size[root as usize]
    }

    /// Joins the sets of `a` and `b`; returns `(root, absorbed_root)` when they differed.
    pub(crate) fn union(&mut self, a: u32, b: u32) -> Option<(u32, u32)> {
        let ra = self.find(a);
        let rb = self.find(b);
        if ra == rb {
            return None;
        }
        let (sa, sb) = (self.size[ra as usize], self.size[rb as usize]);
        let (root, child) = if sa > sb || (sa == sb && ra < rb) {
            (ra, rb)
        } else {
            (rb, ra)
        };
        self.parent[child as usize] = root;
        self.size[root as usize] = sa + sb;
        self.next.swap(ra as usize, rb as usize);
        Some((root, child))
    }

    /// Every member of the set whose root is `root`, in list order.
    pub(crate) fn members(&self, root: u32) -> Vec<u32> {
        let mut out = Vec::with_capacity(self.size[root as usize] as usize);
        let mut x = root;
        loop {
            out.push(x);
            x = self.next[x as usize];
            if x == root {
                break;
            }
        }
        out
    }

    /// Makes `x` a singleton again. Only sound when every member of its set is reset in
    /// the same pass (local rebuild).
    pub(crate) fn reset(&mut self, x: u32) {
        self.parent[x as usize] = x;
        self.size[x as usize] = 1;
        self.next[x as usize] = x;
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        (self.parent.capacity() + self.size.capacity() + self.next.capacity()) * 4
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unions_list_and_rebuild() {
        let mut d = Dsu::default();
        for _ in 0..6 {
            d.push();
        }
        assert_eq!(d.union(0, 1), Some((0, 1)));
        assert_eq!(d.union(2, 3), Some((2, 3)));
        assert_eq!(d.union(3, 1), Some((0, 2)));
        assert_eq!(d.union(1, 2), None);
        let mut m = d.members(d.find_ro(3));
        m.sort_unstable();
        assert_eq!(m, vec![0, 1, 2, 3]);
        for x in [0, 1, 2, 3] {
            d.reset(x);
        }
        d.union(1, 2);
        assert_eq!(d.members(d.find_ro(0)), vec![0]);
        let mut m = d.members(d.find_ro(2));
        m.sort_unstable();
        assert_eq!(m, vec![1, 2]);
        assert_eq!(d.size_of_root(d.find_ro(2)), 2);
    }
}
