# Package config for out-of-tree plugins: find_package(lifeline) then lifeline_add_plugin().
include(CMakeFindDependencyMacro)
include("${CMAKE_CURRENT_LIST_DIR}/lifelineTargets.cmake")
include("${CMAKE_CURRENT_LIST_DIR}/LifelinePlugin.cmake")
