/* Stub of a generated model.h for host builds of the agent (tests/device/agent/agentHost.test.ts): one float input, one output. */
#include <stddef.h>
#define TINYFIT_NUM_INPUTS 1
#define TINYFIT_NUM_OUTPUTS 1
typedef enum { TINYFIT_DTYPE_FLOAT32 = 0, TINYFIT_DTYPE_INT8 = 1 } tinyfit_dtype_t;
typedef struct { const char *name; int rank; int dims[6]; size_t size; size_t bytes; tinyfit_dtype_t dtype; } tinyfit_tensor_info_t;
const tinyfit_tensor_info_t *tinyfit_input_info(int index);
const tinyfit_tensor_info_t *tinyfit_output_info(int index);
void *tinyfit_input(int i); void *tinyfit_output(int i); int tinyfit_invoke(void);
