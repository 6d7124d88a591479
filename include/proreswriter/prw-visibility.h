/* libproreswriter: export macro */
#pragma once

#if !defined(PRW_INSIDE) && !defined(PRW_COMPILATION)
#error "Include <proreswriter/proreswriter.h> instead."
#endif

#if defined(_WIN32)
#if defined(PRW_COMPILATION)
#define PRW_API __declspec(dllexport) extern
#else
#define PRW_API __declspec(dllimport) extern
#endif
#else
#define PRW_API __attribute__ ((visibility ("default"))) extern
#endif
