# Builds the Debian package from this build tree and checks it the way a user meets it: the
# control fields, a Depends line that covers every library the binary links plus the Qt plugins
# it loads, the files where desktops look for them, and a packaged clawops that runs: it prints
# its version and, as a user who has never run it, opens the demo gateway with its store.
# Nothing is installed into the system: the package is unpacked into WORK_DIR, which is
# removed when the check ends, passed or failed.
#   cmake -DCPACK=<cpack> -DBUILD_DIR=<build> -DWORK_DIR=<scratch> -DVERSION=<x.y.z>
#         -DAPP_ID=<id> -DEXPECT_GUI=<bool> -DPLUGIN_PACKAGES=<a,b> -P check_deb.cmake
cmake_minimum_required(VERSION 3.25)

foreach(var CPACK BUILD_DIR WORK_DIR VERSION APP_ID EXPECT_GUI PLUGIN_PACKAGES)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "check_deb: ${var} is not set")
    endif()
endforeach()

# CPack's install step always writes install_manifest.txt into the build directory (the path is
# fixed in cmake_install.cmake). Put back what was there before, so the test leaves nothing.
set(manifest "${BUILD_DIR}/install_manifest.txt")
if(EXISTS "${manifest}")
    file(READ "${manifest}" manifest_before)
    set(had_manifest TRUE)
else()
    set(had_manifest FALSE)
endif()

macro(clean_up)
    file(REMOVE_RECURSE "${WORK_DIR}")
    if(had_manifest)
        file(WRITE "${manifest}" "${manifest_before}")
    else()
        file(REMOVE "${manifest}")
    endif()
endmacro()

macro(fail)
    clean_up()
    message(FATAL_ERROR ${ARGN})
endmacro()

# Runs a command that must succeed; its standard output lands in out_var.
function(run out_var)
    execute_process(COMMAND ${ARGN}
        RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
        list(JOIN ARGN " " shown)
        fail("${shown} failed (${rc}):\n${out}${err}")
    endif()
    set(${out_var} "${out}" PARENT_SCOPE)
endfunction()

foreach(tool dpkg dpkg-deb dpkg-shlibdeps objdump file)
    find_program(found_${tool} ${tool})
    if(NOT found_${tool})
        message(FATAL_ERROR "${tool} not found; scripts/install-deps installs it")
    endif()
endforeach()

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

# -B keeps the .deb and CPack's staging tree inside WORK_DIR instead of the build directory.
run(cpack_log "${CPACK}" -G DEB --config "${BUILD_DIR}/CPackConfig.cmake" -B "${WORK_DIR}/out")

run(arch "${found_dpkg}" --print-architecture)
string(STRIP "${arch}" arch)
set(deb "${WORK_DIR}/out/clawops_${VERSION}_${arch}.deb")
file(GLOB debs "${WORK_DIR}/out/*.deb")
if(NOT debs STREQUAL deb)
    fail("Expected exactly ${deb}, cpack made: ${debs}\n${cpack_log}")
endif()

# --- control fields -----------------------------------------------------------------------
foreach(field Package Version Architecture Section Maintainer Homepage Description Depends)
    run(value "${found_dpkg-deb}" --field "${deb}" ${field})
    string(STRIP "${value}" value)
    if(value STREQUAL "")
        fail("The package has no ${field} field")
    endif()
    set(control_${field} "${value}")
endforeach()
if(NOT control_Package STREQUAL "clawops" OR NOT control_Version STREQUAL VERSION)
    fail("Package/Version are '${control_Package}' '${control_Version}', "
         "expected 'clawops' '${VERSION}'")
endif()

# Depends as a list of package names, without version constraints or alternatives' bars.
string(REGEX REPLACE " *\\([^)]*\\)" "" depends "${control_Depends}")
string(REGEX REPLACE " *[,|] *" ";" depends "${depends}")
string(REPLACE "," ";" plugin_packages "${PLUGIN_PACKAGES}")
set(required libqt6core6 libqt6sql6 libqt6network6 libqt6websockets6 ${plugin_packages})
if(EXPECT_GUI)
    list(APPEND required libqt6gui6 libqt6widgets6)
endif()
foreach(package IN LISTS required)
    if(NOT package IN_LIST depends)
        fail("Depends lacks ${package}: ${control_Depends}")
    endif()
endforeach()

# --- contents -------------------------------------------------------------------------------
run(listing "${found_dpkg-deb}" --contents "${deb}")
set(expected_files
    ./usr/bin/clawops
    ./usr/share/applications/${APP_ID}.desktop
    ./usr/share/metainfo/${APP_ID}.metainfo.xml
    ./usr/share/icons/hicolor/scalable/apps/${APP_ID}.svg
    ./usr/share/man/man1/clawops.1.gz)
foreach(size 16 32 48 64 128 256)
    list(APPEND expected_files ./usr/share/icons/hicolor/${size}x${size}/apps/${APP_ID}.png)
endforeach()
string(REPLACE "\n" ";" listing_lines "${listing}")
set(listed "")
foreach(line IN LISTS listing_lines)
    if(line STREQUAL "")
        continue()
    endif()
    # "-rwxr-xr-x root/root 123 2026-01-01 00:00 ./usr/bin/clawops"
    if(NOT line MATCHES "^([-dl][-rwxst]+) root/root +[0-9]+ [-0-9]+ [:0-9]+ (\\./.*)$")
        fail("Unexpected entry (not root-owned?): ${line}")
    endif()
    set(mode "${CMAKE_MATCH_1}")
    set(path "${CMAKE_MATCH_2}")
    if(NOT path MATCHES "^\\./(usr/.*)?$")
        fail("The package installs outside /usr: ${path}")
    endif()
    if(path STREQUAL "./usr/bin/clawops")
        set(wanted_mode "-rwxr-xr-x")
    elseif(mode MATCHES "^d")
        set(wanted_mode "drwxr-xr-x")
    else()
        set(wanted_mode "-rw-r--r--")
    endif()
    if(NOT mode STREQUAL wanted_mode)
        fail("${path} has mode ${mode}, expected ${wanted_mode}")
    endif()
    list(APPEND listed "${path}")
endforeach()
foreach(path IN LISTS expected_files)
    if(NOT path IN_LIST listed)
        fail("The package lacks ${path}. It holds:\n${listing}")
    endif()
endforeach()

# --- unpacked, as dpkg would lay it out ------------------------------------------------------
set(root "${WORK_DIR}/root")
run(ignored "${found_dpkg-deb}" --extract "${deb}" "${root}")
set(binary "${root}/usr/bin/clawops")

run(version "${binary}" --version)
if(NOT version STREQUAL "clawops ${VERSION}\n")
    fail("The packaged clawops --version printed '${version}', expected 'clawops ${VERSION}'")
endif()

# First run of a fresh user: the packaged clawops on the demo gateway, in a home of its own that
# has the usual XDG folders but nothing of ClawOps yet. The demo store appearing proves the
# store opens through the system's QSQLITE plugin; the console saves a screenshot and quits.
set(home "${WORK_DIR}/home")
set(ENV{HOME} "${home}")
set(ENV{XDG_DATA_HOME} "${home}/.local/share")
set(ENV{XDG_CONFIG_HOME} "${home}/.config")
set(ENV{XDG_CACHE_HOME} "${home}/.cache")
set(ENV{XDG_RUNTIME_DIR} "${WORK_DIR}/run")
set(ENV{QT_QPA_PLATFORM} offscreen)
unset(ENV{CLAWOPS_GATEWAY_TOKEN})
file(MAKE_DIRECTORY "$ENV{XDG_DATA_HOME}" "$ENV{XDG_CONFIG_HOME}" "$ENV{XDG_CACHE_HOME}"
    "$ENV{XDG_RUNTIME_DIR}")
# Qt ignores a runtime directory that others can read and falls back to one under /tmp.
file(CHMOD "$ENV{XDG_RUNTIME_DIR}" PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE)
set(demo_store "$ENV{XDG_DATA_HOME}/ClawOps/clawops/demo.db")
if(EXPECT_GUI)
    set(shot "${WORK_DIR}/console.png")
    execute_process(COMMAND "${binary}" --demo --screenshot "${shot}" --screenshot-delay 3
        TIMEOUT 60 RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
        fail("The packaged console on the demo gateway failed (${rc}):\n${out}${err}")
    endif()
    if(NOT EXISTS "${shot}")
        fail("The packaged console saved no screenshot:\n${out}${err}")
    endif()
    file(READ "${shot}" magic LIMIT 4 HEX)
    if(NOT magic STREQUAL "89504e47")
        fail("The console's screenshot is not a PNG")
    endif()
else()
    # Headless runs until a signal, which a CMake script cannot send; the time limit stops it.
    execute_process(COMMAND "${binary}" --headless --demo
        TIMEOUT 5 RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
endif()
if(NOT EXISTS "${demo_store}")
    fail("The packaged clawops --demo did not create ${demo_store}:\n${out}${err}")
endif()

run(description "${found_file}" --brief "${binary}")
if(NOT description MATCHES ", stripped" OR description MATCHES "not stripped")
    fail("The packaged binary is not stripped: ${description}")
endif()

# dpkg-shlibdeps should have turned every library the binary links into a dependency: look up
# the package that owns each one and require it in Depends.
run(dynamic "${found_objdump}" -p "${binary}")
if(dynamic MATCHES "(RUNPATH|RPATH) +([^\n]+)")
    fail("The packaged binary carries ${CMAKE_MATCH_1} ${CMAKE_MATCH_2}; it should use only the "
         "system's library paths")
endif()
string(REGEX MATCHALL "NEEDED +[^\n]+" needed "${dynamic}")
list(TRANSFORM needed REPLACE "NEEDED +" "")
if(NOT needed)
    fail("objdump found no NEEDED entries in ${binary}")
endif()
run(ldd_out ldd "${binary}")
# ldd lines: "\tlibQt6Core.so.6 => /lib/x86_64-linux-gnu/libQt6Core.so.6 (0x...)". Names hold
# regex characters (libstdc++), so they are compared as strings, never matched as patterns.
string(REPLACE "\n" ";" ldd_lines "${ldd_out}")
set(resolved_names "")
set(resolved_paths "")
foreach(line IN LISTS ldd_lines)
    if(line MATCHES "^\t([^ ]+) => (/[^ ]+) ")
        list(APPEND resolved_names "${CMAKE_MATCH_1}")
        list(APPEND resolved_paths "${CMAKE_MATCH_2}")
    elseif(line MATCHES "^\t(/[^ ]+/)([^ /]+) \\(")
        # The dynamic loader is listed by its path alone ("\t/lib64/ld-linux-x86-64.so.2 (0x...)");
        # a binary names it in NEEDED when it uses thread-local storage of a shared library
        # (simdjson's, through __tls_get_addr).
        list(APPEND resolved_names "${CMAKE_MATCH_2}")
        list(APPEND resolved_paths "${CMAKE_MATCH_1}${CMAKE_MATCH_2}")
    endif()
endforeach()
# dpkg knows each file under the one spelling its package used, /lib/... or /usr/lib/..., on a
# merged-/usr system; ask for both.
set(queries "")
set(needed_paths "")
foreach(library IN LISTS needed)
    list(FIND resolved_names "${library}" index)
    if(index EQUAL -1)
        fail("${library} does not resolve on this system:\n${ldd_out}")
    endif()
    list(GET resolved_paths ${index} path)
    string(REGEX REPLACE "^/usr/" "/" short "${path}")
    list(APPEND needed_paths "${path}")
    list(APPEND queries "${short}" "/usr${short}")
endforeach()
list(REMOVE_DUPLICATES queries)
# Exits 1 when some spelling is unknown, which half of them are; the owners found are printed.
execute_process(COMMAND "${found_dpkg}" --search ${queries}
    OUTPUT_VARIABLE owners ERROR_QUIET)
string(REPLACE "\n" ";" owner_lines "${owners}")
set(owned_paths "")
set(owner_packages "")
foreach(line IN LISTS owner_lines)
    # "libqt6core6:amd64: /usr/lib/x86_64-linux-gnu/libQt6Core.so.6"
    if(line MATCHES "^([^:, ]+)(:[^:]+)?: (/.+)$")
        list(APPEND owner_packages "${CMAKE_MATCH_1}")
        list(APPEND owned_paths "${CMAKE_MATCH_3}")
    endif()
endforeach()
foreach(library path IN ZIP_LISTS needed needed_paths)
    string(REGEX REPLACE "^/usr/" "/" short "${path}")
    list(FIND owned_paths "${short}" index)
    if(index EQUAL -1)
        list(FIND owned_paths "/usr${short}" index)
    endif()
    if(index EQUAL -1)
        fail("No package owns ${path} (${library}):\n${owners}")
    endif()
    list(GET owner_packages ${index} package)
    if(NOT package IN_LIST depends)
        fail("${library} comes from ${package}, which Depends lacks: ${control_Depends}")
    endif()
endforeach()

# The installed tree as software centres read it: metainfo, its launchable desktop file and
# the icons, cross-checked by AppStream.
find_program(appstreamcli appstreamcli)
if(appstreamcli)
    run(tree_report "${appstreamcli}" validate-tree --no-net --pedantic "${root}")
    if(tree_report MATCHES "(^|\n)[EWIP]: ")
        fail("appstreamcli validate-tree reports:\n${tree_report}")
    endif()
endif()

clean_up()
message(STATUS "${deb}: Depends: ${control_Depends}")
