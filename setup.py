"""Packaging for scrapyd-deploy (an egg) and pip: newscrawl with its data files."""

from pathlib import Path

from setuptools import find_packages, setup

setup(
    name="newscrawl",
    version="0.2.0",
    description="Crawl Arabic news sites into clean, deduplicated article records",
    python_requires=">=3.11",
    install_requires=[
        line.strip()
        for line in Path(__file__).with_name("requirements.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ],
    packages=find_packages(include=["newscrawl", "newscrawl.*"]),
    package_data={"newscrawl": ["sites/*.json", "schema/*.json"]},
    include_package_data=True,
    entry_points={
        "scrapy": ["settings = newscrawl.settings"],
        "console_scripts": [
            "newscrawl-query = newscrawl.query:cli",
            "newscrawl-report = newscrawl.report:cli",
            "newscrawl-extract = newscrawl.extract:cli",
        ],
    },
    zip_safe=False,
)
