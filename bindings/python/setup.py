"""The package carries the shared library: `make lib` in the repository root first (or set
MAMBA2_LIB to a built libmamba2.so); building the package copies it into mamba2/."""
import os
import shutil

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.dist import Distribution

HERE = os.path.dirname(os.path.abspath(__file__))
NAME = "libmamba2.so"


class BuildWithLibrary(build_py):
    def run(self):
        build_py.run(self)
        lib = os.environ.get("MAMBA2_LIB") or os.path.join(HERE, "..", "..", NAME)
        if not os.path.exists(lib):
            raise SystemExit("mamba2: %s not found: run `make lib` in the repository root first "
                             "(or set MAMBA2_LIB to the library)" % os.path.normpath(lib))
        dst = os.path.join(self.build_lib, "mamba2")
        os.makedirs(dst, exist_ok=True)
        shutil.copy(lib, os.path.join(dst, NAME))


class BinaryDistribution(Distribution):
    """A wheel tagged for this platform: it holds a compiled library."""

    def has_ext_modules(self):
        return True


setup(cmdclass={"build_py": BuildWithLibrary}, distclass=BinaryDistribution)
