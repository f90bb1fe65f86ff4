from shuanglian_cli.cli.app import main

main()
