"""Packaging for scrapyd-deploy (an egg) and pip: newscrawl with its data files."""

from setuptools import find_packages, setup

setup(
    name="newscrawl",
    version="0.2.0",
    description="Crawl Arabic news sites into clean, deduplicated article records",
    python_requires=">=3.11",
    packages=find_packages(include=["newscrawl", "newscrawl.*"]),
    package_data={"newscrawl": ["sites/*.json", "schema/*.json"]},
    include_package_data=True,
    entry_points={"scrapy": ["settings = newscrawl.settings"]},
    zip_safe=False,
)
