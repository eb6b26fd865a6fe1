#ifndef HINDSIGHT_CCMARK_SHIM_H
#define HINDSIGHT_CCMARK_SHIM_H
#include <cmark.h>
#endif
