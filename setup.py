"""Build hook, beside pyproject.toml: the wheel carries the bundled data inside the package.

The repository keeps the fandom knowledge and the sample stories in its top-level `data/`
(where contributors edit them); a wheel or `pip install .` maps that folder to the package
`bot.data`, so an install anywhere has it. `bot/resources.py` finds either place. Everything
else about the project is declared in pyproject.toml.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["bot", "bot.*", "cogs", "cogs.*"]), "bot.data"],
    package_dir={"bot.data": "data"},
    package_data={"bot.data": ["fandoms/*.toml", "stories/*", "places.txt"]},
)
