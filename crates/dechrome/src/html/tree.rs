//! The tree html5ever's tree builder builds: nodes in one vector, linked by index, texts as
//! tendrils that share the page's buffer, attributes in a side table. A node takes a third
//! of what a general-purpose DOM's does, and nothing is allocated per node.
//!
//! CSS selectors (the `html-*` site rules) run on `scraper`'s tree, made from this one only
//! for the pages that need it ([`Tree::to_scraper`]).

use html5ever::tendril::StrTendril;
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{expanded_name, local_name, ns, Attribute, QualName};
use std::borrow::Cow;
use std::cell::{Ref, RefCell};

/// "No node".
const NONE: u32 = u32::MAX;

/// What a node is.
#[derive(Debug)]
pub enum Data {
    Document,
    /// A template's contents.
    Fragment,
    /// An element, with its attributes at `attrs` in [`Tree::attrs`].
    Element {
        name: QualName,
        attrs: std::ops::Range<u32>,
    },
    Text(StrTendril),
    /// Comments and processing instructions: never attached (comments are dropped as they are
    /// read, see `parse`), but the tree builder may create them.
    Other,
}

#[derive(Debug)]
struct Node {
    parent: u32,
    first_child: u32,
    last_child: u32,
    prev: u32,
    next: u32,
    data: Data,
}

/// A parsed page. Node 0 is the document.
#[derive(Debug)]
pub struct Tree {
    nodes: Vec<Node>,
    attrs: Vec<Attribute>,
}

/// A step of a walk in document order: a node is opened, its subtree walked, then it is closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    Open(u32),
    Close(u32),
}

impl Tree {
    fn with_capacity(nodes: usize) -> Tree {
        let mut tree = Tree { nodes: Vec::with_capacity(nodes), attrs: Vec::new() };
        tree.orphan(Data::Document);
        tree
    }

    pub fn data(&self, node: u32) -> &Data {
        &self.nodes[node as usize].data
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn parent(&self, node: u32) -> Option<u32> {
        Some(self.nodes[node as usize].parent).filter(|&p| p != NONE)
    }

    /// The attributes of `node` (none unless it is an element).
    pub fn attrs(&self, node: u32) -> &[Attribute] {
        match &self.nodes[node as usize].data {
            Data::Element { attrs, .. } => &self.attrs[attrs.start as usize..attrs.end as usize],
            _ => &[],
        }
    }

    /// The value of `node`'s attribute `name` (a lowercase local name).
    pub fn attr(&self, node: u32, name: &str) -> Option<&str> {
        self.attrs(node).iter().find(|a| a.name.ns == ns!() && &*a.name.local == name).map(|a| &*a.value)
    }

    /// Every node attached to the document, in document order.
    pub fn edges(&self) -> impl Iterator<Item = Edge> + '_ {
        let mut next = Some(Edge::Open(0));
        std::iter::from_fn(move || {
            let edge = next?;
            next = match edge {
                Edge::Open(n) => match self.nodes[n as usize].first_child {
                    NONE => Some(Edge::Close(n)),
                    child => Some(Edge::Open(child)),
                },
                Edge::Close(0) => None,
                Edge::Close(n) => {
                    let node = &self.nodes[n as usize];
                    match node.next {
                        NONE => Some(Edge::Close(node.parent)),
                        sibling => Some(Edge::Open(sibling)),
                    }
                }
            };
            Some(edge)
        })
    }

    fn orphan(&mut self, data: Data) -> u32 {
        let index = u32::try_from(self.nodes.len()).expect("the node limit is far below u32::MAX");
        self.nodes.push(Node { parent: NONE, first_child: NONE, last_child: NONE, prev: NONE, next: NONE, data });
        index
    }

    fn detach(&mut self, node: u32) {
        let Node { parent, prev, next, .. } = self.nodes[node as usize];
        if parent == NONE {
            return;
        }
        match prev {
            NONE => self.nodes[parent as usize].first_child = next,
            prev => self.nodes[prev as usize].next = next,
        }
        match next {
            NONE => self.nodes[parent as usize].last_child = prev,
            next => self.nodes[next as usize].prev = prev,
        }
        let n = &mut self.nodes[node as usize];
        (n.parent, n.prev, n.next) = (NONE, NONE, NONE);
    }

    /// Makes the detached `node` the last child of `parent`.
    fn append(&mut self, parent: u32, node: u32) {
        let last = self.nodes[parent as usize].last_child;
        let n = &mut self.nodes[node as usize];
        (n.parent, n.prev) = (parent, last);
        match last {
            NONE => self.nodes[parent as usize].first_child = node,
            last => self.nodes[last as usize].next = node,
        }
        self.nodes[parent as usize].last_child = node;
    }

    /// Puts the detached `node` just before `sibling`, which has a parent.
    fn insert_before(&mut self, sibling: u32, node: u32) {
        let Node { parent, prev, .. } = self.nodes[sibling as usize];
        let n = &mut self.nodes[node as usize];
        (n.parent, n.prev, n.next) = (parent, prev, sibling);
        match prev {
            NONE => self.nodes[parent as usize].first_child = node,
            prev => self.nodes[prev as usize].next = node,
        }
        self.nodes[sibling as usize].prev = node;
    }

    /// Adds `text` to the text node `node` when it is one; says whether it was.
    fn extend_text(&mut self, node: u32, text: &StrTendril) -> bool {
        match self.nodes.get_mut(node as usize).map(|n| &mut n.data) {
            Some(Data::Text(t)) => {
                t.push_tendril(text);
                true
            }
            _ => false,
        }
    }

    /// `scraper`'s tree of the same page, with the node of this tree each of its nodes came from.
    pub fn to_scraper(&self) -> (scraper::Html, Vec<(ego_tree::NodeId, u32)>) {
        let mut html = scraper::Html::new_document();
        let mut from = Vec::new();
        let mut stack = vec![html.tree.root().id()];
        for edge in self.edges() {
            match edge {
                Edge::Open(0) => {}
                Edge::Open(n) => {
                    let value = match self.data(n) {
                        Data::Element { name, .. } => {
                            scraper::Node::Element(scraper::node::Element::new(name.clone(), self.attrs(n).to_vec()))
                        }
                        Data::Text(text) => scraper::Node::Text(scraper::node::Text { text: text.clone() }),
                        Data::Fragment => scraper::Node::Fragment,
                        Data::Document | Data::Other => unreachable!("never attached below the document"),
                    };
                    let parent = *stack.last().expect("the document is never closed before its children");
                    let id = html.tree.get_mut(parent).expect("made here").append(value).id();
                    from.push((id, n));
                    stack.push(id);
                }
                Edge::Close(_) => {
                    stack.pop();
                }
            }
        }
        (html, from)
    }
}

/// Builds a [`Tree`] for html5ever's tree builder.
pub struct Sink(RefCell<Tree>);

impl Sink {
    /// A sink with room for `nodes` nodes.
    pub fn with_capacity(nodes: usize) -> Sink {
        Sink(RefCell::new(Tree::with_capacity(nodes)))
    }

    fn tree(&self) -> std::cell::RefMut<'_, Tree> {
        self.0.borrow_mut()
    }

    fn text_or_node(child: NodeOrText<u32>) -> Result<u32, StrTendril> {
        match child {
            NodeOrText::AppendNode(node) => Ok(node),
            NodeOrText::AppendText(text) => Err(text),
        }
    }
}

impl TreeSink for Sink {
    type Handle = u32;
    type Output = Tree;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Tree {
        self.0.into_inner()
    }

    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> u32 {
        0
    }

    fn elem_name<'a>(&'a self, target: &'a u32) -> Ref<'a, QualName> {
        Ref::map(self.0.borrow(), |tree| match &tree.nodes[*target as usize].data {
            Data::Element { name, .. } => name,
            _ => unreachable!("the tree builder asks only elements' names"),
        })
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, _flags: ElementFlags) -> u32 {
        let template = name.expanded() == expanded_name!(html "template");
        let mut tree = self.tree();
        let start = tree.attrs.len() as u32;
        tree.attrs.extend(attrs);
        let range = start..tree.attrs.len() as u32;
        let element = tree.orphan(Data::Element { name, attrs: range });
        if template {
            let contents = tree.orphan(Data::Fragment);
            tree.append(element, contents);
        }
        element
    }

    fn create_comment(&self, _text: StrTendril) -> u32 {
        self.tree().orphan(Data::Other)
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> u32 {
        self.tree().orphan(Data::Other)
    }

    fn append(&self, parent: &u32, child: NodeOrText<u32>) {
        let mut tree = self.tree();
        match Self::text_or_node(child) {
            Ok(node) => tree.append(*parent, node),
            Err(text) => {
                let last = tree.nodes[*parent as usize].last_child;
                if !tree.extend_text(last, &text) {
                    let node = tree.orphan(Data::Text(text));
                    tree.append(*parent, node);
                }
            }
        }
    }

    fn append_based_on_parent_node(&self, element: &u32, prev_element: &u32, child: NodeOrText<u32>) {
        if self.0.borrow().parent(*element).is_some() {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(&self, _name: StrTendril, _public_id: StrTendril, _system_id: StrTendril) {}

    fn get_template_contents(&self, target: &u32) -> u32 {
        self.0.borrow().nodes[*target as usize].first_child
    }

    fn same_node(&self, x: &u32, y: &u32) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &u32, new_node: NodeOrText<u32>) {
        let mut tree = self.tree();
        if tree.parent(*sibling).is_none() {
            return;
        }
        match Self::text_or_node(new_node) {
            Ok(node) => {
                tree.detach(node);
                tree.insert_before(*sibling, node);
            }
            Err(text) => {
                let prev = tree.nodes[*sibling as usize].prev;
                if !tree.extend_text(prev, &text) {
                    let node = tree.orphan(Data::Text(text));
                    tree.insert_before(*sibling, node);
                }
            }
        }
    }

    fn add_attrs_if_missing(&self, target: &u32, attrs: Vec<Attribute>) {
        let mut tree = self.tree();
        let missing: Vec<Attribute> =
            attrs.into_iter().filter(|a| !tree.attrs(*target).iter().any(|b| b.name == a.name)).collect();
        if missing.is_empty() {
            return;
        }
        // The element's attributes move to the end of the table, with the new ones after them.
        let Tree { nodes, attrs: table } = &mut *tree;
        let Data::Element { attrs: range, .. } = &mut nodes[*target as usize].data else {
            unreachable!("the tree builder adds attributes only to elements")
        };
        let start = table.len() as u32;
        table.extend_from_within(range.start as usize..range.end as usize);
        table.extend(missing);
        *range = start..table.len() as u32;
    }

    fn remove_from_parent(&self, target: &u32) {
        self.tree().detach(*target);
    }

    fn reparent_children(&self, node: &u32, new_parent: &u32) {
        let mut tree = self.tree();
        while let Some(child) = Some(tree.nodes[*node as usize].first_child).filter(|&c| c != NONE) {
            tree.detach(child);
            tree.append(*new_parent, child);
        }
    }
}
