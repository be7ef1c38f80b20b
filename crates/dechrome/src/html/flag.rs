//! Node flags: what an element's attributes and ancestors say about it, one bit each. Their own
//! module because both the DOM and the hints it reads set them.

/// `hidden`, `aria-hidden="true"`, or a `display:none` / `visibility:hidden` style.
pub const HIDDEN: u16 = 1;
/// Text inside a link.
pub const IN_LINK: u16 = 1 << 1;
/// Text whose white space is kept (inside `<pre>`).
pub const IN_PRE: u16 = 1 << 2;
/// class/id say "probably chrome" (menu, comments, share, sidebar, …).
pub const UNLIKELY: u16 = 1 << 3;
/// class/id/itemprop/role say "the article itself".
pub const CONTENT: u16 = 1 << 4;
/// A role that marks chrome: navigation, banner, complementary, contentinfo, …
pub const CHROME_ROLE: u16 = 1 << 5;
/// Inside an `<article>`, `<main>` or an element marked as content.
pub const IN_CONTENT: u16 = 1 << 6;
/// class/id/rel/itemprop name an author or byline.
pub const BYLINE: u16 = 1 << 8;
/// Inside (or itself) a table or `<pre>`.
pub const IN_TABLE: u16 = 1 << 9;
/// class/id name reader comments.
pub const COMMENTS: u16 = 1 << 10;
