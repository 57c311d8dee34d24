# Fails when a C++ file differs from what clang-format makes of it with the committed
# .clang-format, naming the files (fix with scripts/format).
find_program(CLANG_FORMAT NAMES clang-format clang-format-14 REQUIRED)
set(sources "")
foreach(dir engine ui app sim bench tests tools)
    file(GLOB_RECURSE found "${ROOT}/${dir}/*.h" "${ROOT}/${dir}/*.cpp")
    list(APPEND sources ${found})
endforeach()
list(LENGTH sources count)
# One run over every file; each drift is reported as "<file>:<line>:<col>: error: ...".
execute_process(COMMAND "${CLANG_FORMAT}" --dry-run --Werror --style=file ${sources}
    WORKING_DIRECTORY "${ROOT}" RESULT_VARIABLE result OUTPUT_QUIET ERROR_VARIABLE report)
if(NOT result EQUAL 0)
    string(REGEX MATCHALL "[^\n]+:[0-9]+:[0-9]+: error" hits "${report}")
    set(drifted "")
    foreach(hit IN LISTS hits)
        string(REGEX REPLACE ":[0-9]+:[0-9]+: error$" "" file "${hit}")
        file(RELATIVE_PATH relative "${ROOT}" "${file}")
        list(APPEND drifted "${relative}")
    endforeach()
    list(REMOVE_DUPLICATES drifted)
    list(LENGTH drifted bad)
    string(REPLACE ";" "\n  " listing "${drifted}")
    message(FATAL_ERROR "${bad} of ${count} files drift from .clang-format:\n  ${listing}\n"
                        "Fix with: scripts/format")
endif()
message(STATUS "${count} files match .clang-format")
