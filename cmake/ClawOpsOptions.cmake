# Project-wide build options. Warnings are errors everywhere: a warning is a defect we have not
# looked at yet.
set(CMAKE_CXX_STANDARD 20)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_CXX_EXTENSIONS OFF)
set(CMAKE_EXPORT_COMPILE_COMMANDS ON)
set(CMAKE_AUTOMOC ON)

option(CLAWOPS_BUILD_TESTS "Build the test suite" ON)
option(CLAWOPS_BUILD_GUI "Build the desktop console (needs Qt Widgets)" ON)
option(CLAWOPS_WERROR "Treat compiler warnings as errors" ON)

if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
    set(CMAKE_BUILD_TYPE RelWithDebInfo CACHE STRING "Build type" FORCE)
endif()

add_library(clawops_warnings INTERFACE)
target_compile_options(clawops_warnings INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
    -Woverloaded-virtual -Wimplicit-fallthrough
    $<$<BOOL:${CLAWOPS_WERROR}>:-Werror>)
target_compile_definitions(clawops_warnings INTERFACE
    QT_NO_CAST_TO_ASCII QT_NO_CAST_FROM_BYTEARRAY
    QT_NO_URL_CAST_FROM_STRING QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_DISABLE_DEPRECATED_BEFORE=0x060400
    QT_NO_KEYWORDS)
# Product code: every conversion from 8-bit text names its encoding. Tests may use plain string
# literals (and only literals), which keeps expected values readable.
add_library(clawops_strict_strings INTERFACE)
target_compile_definitions(clawops_strict_strings INTERFACE QT_NO_CAST_FROM_ASCII)
add_library(clawops_test_strings INTERFACE)
target_compile_definitions(clawops_test_strings INTERFACE QT_RESTRICTED_CAST_FROM_ASCII)
# Everything but tests links clawops_warnings together with the strict strings.
target_link_libraries(clawops_warnings INTERFACE
    $<IF:$<BOOL:$<TARGET_PROPERTY:CLAWOPS_TEST_CODE>>,clawops_test_strings,clawops_strict_strings>)

include(ClawOpsSanitizers)
