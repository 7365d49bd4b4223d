# What OpenNebula's VMM runner (one_vmm_exec.rb) does for the storage steps of a live migration:
# it runs tm/<tm>/<action> through the TM runner's own TransferManagerDriver#do_transfer_action
# with the VM's base64 XML on stdin, logging LOG lines for the VM. Test helper of the runner tier:
#   ruby vmm-tm.rb PREMIGRATE <tm> <src> <dst> <dir> <vmid> <dsid>   (first stdin line: base64 VM)
# prints "LOG ..." lines and "<ACTION> SUCCESS|FAILURE <vmid> [info]", like the runners.
ONE_LOCATION = ENV['ONE_LOCATION']
# ONE_LOCATION: a self-contained install; else where OpenNebula's packages put the runners
$LOAD_PATH << (ONE_LOCATION ? ONE_LOCATION + '/lib/mads' : '/usr/lib/one/mads')
require 'one_tm'

command = ARGV.dup
vmid = command[-2]
stdin = $stdin.gets.to_s.strip
$stdin.close
tm = TransferManagerDriver.new(nil, :concurrency => 1, :threaded => false)
result, info = tm.do_transfer_action(vmid, command, stdin)
tm.send(:send_message, command[0], result, vmid, info)
