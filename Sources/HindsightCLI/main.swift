import Hindsight
print("hindsight")
