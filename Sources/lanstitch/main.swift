// The lanstitch executable: hands the command line to the commands library.

import LanCommands

Lanstitch.main()
