# Package config for out-of-tree plugins:
#
#   find_package(lifeline CONFIG REQUIRED)
#   lifeline_add_plugin(NAME SOURCES ... DOCS rules/*.md)
#   install(TARGETS NAME_plugin LIBRARY DESTINATION ${LIFELINE_PLUGIN_DIR})
#
# Provides the imported target lifeline::core (headers + liblifeline-core), the
# lifeline_add_plugin() function, and LIFELINE_PLUGIN_DIR: the absolute directory this installed
# lifeline loads plugins from (PREFIX/LIBDIR/lifeline/plugins).
include("${CMAKE_CURRENT_LIST_DIR}/lifelineTargets.cmake")
include("${CMAKE_CURRENT_LIST_DIR}/LifelinePlugin.cmake")
# This file lives in PREFIX/LIBDIR/cmake/lifeline.
get_filename_component(LIFELINE_PLUGIN_DIR "${CMAKE_CURRENT_LIST_DIR}/../../lifeline/plugins" ABSOLUTE)
