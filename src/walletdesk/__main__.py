from walletdesk.cli import main

main()
