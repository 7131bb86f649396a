/* The shared library: libmamba2.so (make lib), mamba2.dll (tests/cross/run.sh mingw), and the
   browser's web/mamba2.wasm (make web: its exports are the same functions, plus malloc and free).
   Build with -fPIC -shared -fvisibility=hidden: MAMBA2_SHARED gives the public functions default
   visibility (dllexport with MAMBA2_BUILD on Windows), so they are its only exports. The kernels of
   every instruction-set level are inside; each session picks the best the CPU runs. */
#define MAMBA2_SHARED
#define MAMBA2_BUILD
#define MAMBA2_IMPLEMENTATION
#include "../mamba2.h"
