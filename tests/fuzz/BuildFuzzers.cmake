# The setup fixture of the `fuzz` tests: configures tests/fuzz/targets with clang (once) and builds
# the fuzz targets and their seed corpora. Run by ctest, as `cmake -P`:
#   -DSOURCE_DIR=... -DBINARY_DIR=... -DCXX=clang++-14 -DGENERATOR=Ninja [-DLAUNCHER=ccache]
#   [-DWERROR=ON]
foreach(required SOURCE_DIR BINARY_DIR CXX GENERATOR)
    if(NOT DEFINED ${required})
        message(FATAL_ERROR "BuildFuzzers.cmake needs -D${required}=...")
    endif()
endforeach()

if(NOT EXISTS "${BINARY_DIR}/CMakeCache.txt")
    set(options -G "${GENERATOR}" -DCMAKE_CXX_COMPILER=${CXX} -DCMAKE_BUILD_TYPE=RelWithDebInfo)
    if(LAUNCHER)
        list(APPEND options -DCMAKE_CXX_COMPILER_LAUNCHER=${LAUNCHER})
    endif()
    if(DEFINED WERROR)
        list(APPEND options -DCLAWOPS_WERROR=${WERROR})
    endif()
    execute_process(COMMAND "${CMAKE_COMMAND}" -S "${SOURCE_DIR}" -B "${BINARY_DIR}" ${options}
        RESULT_VARIABLE result)
    if(NOT result EQUAL 0)
        file(REMOVE "${BINARY_DIR}/CMakeCache.txt")
        message(FATAL_ERROR "Configuring the fuzz targets failed (${result})")
    endif()
endif()

cmake_host_system_information(RESULT cores QUERY NUMBER_OF_LOGICAL_CORES)
execute_process(COMMAND "${CMAKE_COMMAND}" --build "${BINARY_DIR}" --parallel ${cores}
    RESULT_VARIABLE result)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "Building the fuzz targets failed (${result})")
endif()
