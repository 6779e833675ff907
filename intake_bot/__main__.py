from intake_bot.cli import main

raise SystemExit(main())
