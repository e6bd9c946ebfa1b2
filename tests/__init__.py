"""newscrawl's tests. A regular package, not a namespace one: a stray top-level ``tests``
package that a dependency installs into site-packages (scrapy-impersonate 1.10.1 ships one)
would otherwise be imported instead of this folder."""
